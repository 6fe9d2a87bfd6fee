package dev.mtls.boot.security;

import java.nio.file.Path;

import dev.mtls.boot.authorization.MtlsAuthorizationAutoConfiguration;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.grpc.MtlsGrpcAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When gRPC calls are authenticated by their peer certificate, and when the starter backs off.
 */
class MtlsGrpcSecurityAutoConfigurationTests {

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsAuthorizationAutoConfiguration.class, MtlsGrpcAutoConfiguration.class,
					SecurityAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					GrpcServerSecurityAutoConfiguration.class, MtlsGrpcSecurityAutoConfiguration.class))
			.withPropertyValues(new TestPki(directory).properties("app"))
			.withPropertyValues("spring.grpc.server.port=0");
	}

	@Test
	void authenticatesEveryCallByItsPeerCertificate() {
		this.runner.withUserConfiguration(Service.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MtlsGrpcSecurity.class)
				.hasSingleBean(GrpcPeerAuthorization.class)
				.hasSingleBean(PeerAuthenticator.class);
			assertThat(context.getBean(AuthenticationProcessInterceptor.class))
				.isSameAs(context.getBean("mtlsGrpcAuthentication"));
			assertThat(context).hasBean("mtlsGrpcRegisteredServices");
		});
	}

	@Test
	void keepsTheRefusalOfUnregisteredServicesWithTheApplicationsOwnInterceptor() {
		this.runner.withUserConfiguration(Service.class, OwnInterceptor.class)
			.run((context) -> assertThat(context).hasNotFailed().hasBean("mtlsGrpcRegisteredServices"));
	}

	@Test
	void backsOffForTheApplicationsOwnInterceptor() {
		this.runner.withUserConfiguration(Service.class, OwnInterceptor.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("mtlsGrpcAuthentication");
			assertThat(context.getBean(AuthenticationProcessInterceptor.class))
				.isSameAs(context.getBean("grpcSecurityInterceptor"));
		});
	}

	@Test
	void staysOutOfApplicationsWithoutGrpcServer() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MtlsGrpcSecurity.class)
			.doesNotHaveBean(PeerAuthenticator.class));
	}

	@Test
	void staysOutWhenMtlsServerIsDisabled() {
		this.runner.withUserConfiguration(Service.class)
			.withPropertyValues("mtls.server.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MtlsGrpcSecurity.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Service {

		@Bean
		BindableService service() {
			return () -> ServerServiceDefinition.builder("test.Empty").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnInterceptor {

		@Bean
		@GlobalServerInterceptor
		AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc, MtlsGrpcSecurity mtls)
				throws Exception {
			return mtls.configure(grpc).authorizeRequests((requests) -> requests.allRequests().authenticated()).build();
		}

	}

}
