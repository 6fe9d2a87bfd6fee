package dev.mtls.boot.grpc;

import java.nio.file.Path;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import io.grpc.ChoiceChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsServerCredentials.ClientAuth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.ChannelCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which gRPC SSL settings the starter fills in, and which an application's own settings keep.
 */
class MtlsGrpcAutoConfigurationTests {

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class, MtlsGrpcAutoConfiguration.class))
			.withUserConfiguration(GrpcProperties.class)
			.withPropertyValues(new TestPki(directory).properties("app"));
	}

	@Test
	void serverServesTheMtlsBundleAndRequiresClientCertificates() {
		this.runner.run((context) -> {
			GrpcServerProperties.Ssl ssl = context.getBean(GrpcServerProperties.class).getSsl();
			assertThat(ssl.getBundle()).isEqualTo("mtls");
			assertThat(ssl.getClientAuth()).isEqualTo(ClientAuth.REQUIRE);
		});
	}

	@Test
	void serverClientAuthFollowsMtlsServerClientAuth() {
		this.runner.withPropertyValues("mtls.server.client-auth=want")
			.run((context) -> assertThat(context.getBean(GrpcServerProperties.class).getSsl().getClientAuth())
				.isEqualTo(ClientAuth.OPTIONAL));
	}

	@Test
	void serverKeepsAnExplicitClientAuth() {
		this.runner.withPropertyValues("spring.grpc.server.ssl.client-auth=none").run((context) -> {
			GrpcServerProperties.Ssl ssl = context.getBean(GrpcServerProperties.class).getSsl();
			assertThat(ssl.getBundle()).isEqualTo("mtls");
			assertThat(ssl.getClientAuth()).isEqualTo(ClientAuth.NONE);
		});
	}

	@Test
	void serverKeepsAnExplicitBundle() {
		this.runner.withPropertyValues("spring.grpc.server.ssl.bundle=other").run((context) -> {
			GrpcServerProperties.Ssl ssl = context.getBean(GrpcServerProperties.class).getSsl();
			assertThat(ssl.getBundle()).isEqualTo("other");
			assertThat(ssl.getClientAuth()).isEqualTo(ClientAuth.NONE);
		});
	}

	@Test
	void serverKeepsSslDisabled() {
		this.runner.withPropertyValues("spring.grpc.server.ssl.enabled=false")
			.run((context) -> assertThat(context.getBean(GrpcServerProperties.class).getSsl().getBundle()).isNull());
	}

	@Test
	void serverIsLeftAloneWhenMtlsServerIsDisabled() {
		this.runner.withPropertyValues("mtls.server.enabled=false")
			.run((context) -> assertThat(context.getBean(GrpcServerProperties.class).getSsl().getBundle()).isNull());
	}

	@Test
	void channelsPresentTheMtlsBundleUnlessTheyChoseTheirOwn() {
		this.runner
			.withPropertyValues("spring.grpc.client.channel.inventory.target=static://inventory:9090",
					"spring.grpc.client.channel.public.ssl.enabled=false",
					"spring.grpc.client.channel.partner.ssl.bundle=partner",
					"spring.grpc.client.channel.lab.bypass-certificate-validation=true")
			.run((context) -> {
				GrpcClientProperties properties = context.getBean(GrpcClientProperties.class);
				assertThat(properties.getChannel().get("default").getSsl().getBundle()).isEqualTo("mtls");
				assertThat(properties.getChannel().get("inventory").getSsl().getBundle()).isEqualTo("mtls");
				assertThat(properties.getChannel().get("public").getSsl().getBundle()).isNull();
				assertThat(properties.getChannel().get("partner").getSsl().getBundle()).isEqualTo("partner");
				assertThat(properties.getChannel().get("lab").getSsl().getBundle()).isNull();
			});
	}

	@Test
	void channelsFromTheMtlsBundleGetCredentialsThatFollowRotation() {
		this.runner.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
			.withPropertyValues("spring.grpc.client.channel.public.ssl.enabled=false")
			.run((context) -> {
				ChannelCredentialsProvider credentials = context.getBean(ChannelCredentialsProvider.class);
				assertThat(credentials).isInstanceOf(RotatingChannelCredentials.class);
				assertThat(credentials.getChannelCredentials("inventory:9090")).isInstanceOf(ChoiceChannelCredentials.class);
				assertThat(credentials.getChannelCredentials("public")).isInstanceOf(InsecureChannelCredentials.class);
			});
	}

	@Test
	void channelsAreLeftAloneWhenMtlsClientIsDisabled() {
		this.runner.withPropertyValues("mtls.client.enabled=false")
			.run((context) -> assertThat(context.getBean(GrpcClientProperties.class).getChannel()).isEmpty());
	}

	@Test
	void backsOffWithoutMaterial() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class, MtlsGrpcAutoConfiguration.class))
			.withUserConfiguration(GrpcProperties.class)
			.withPropertyValues("mtls.enabled=false")
			.run((context) -> assertThat(context.getBean(GrpcServerProperties.class).getSsl().getBundle()).isNull());
	}

	@Test
	void needsNeitherGrpcModule(@TempDir Path directory) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class, MtlsGrpcAutoConfiguration.class))
			.withPropertyValues(new TestPki(directory).properties("app"))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.grpc"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcServerTlsDefaults.class)
				.doesNotHaveBean(GrpcChannelTlsDefaults.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ GrpcServerProperties.class, GrpcClientProperties.class })
	static class GrpcProperties {

	}

}
