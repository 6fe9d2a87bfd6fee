package dev.mtls.boot.grpc;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of gRPC on the {@code mtls} material: Spring Boot's gRPC server (grpc-netty or
 * grpc-netty-shaded) requires client certificates and serves the identity, and Spring gRPC's
 * channels present it, each through Spring Boot's own {@code spring.grpc.*.ssl} settings, which an
 * application's explicit settings override. Channels follow rotation ({@link ChannelRotation}).
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		beforeName = { "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration",
				"org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration" })
@ConditionalOnBean(MtlsMaterial.class)
public final class MtlsGrpcAutoConfiguration {

	MtlsGrpcAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties")
	@ConditionalOnBooleanProperty(name = "mtls.server.enabled", matchIfMissing = true)
	static class ServerConfiguration {

		@Bean
		static GrpcServerTlsDefaults mtlsGrpcServerTlsDefaults(Environment environment) {
			return new GrpcServerTlsDefaults(environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties")
	@ConditionalOnBooleanProperty(name = "mtls.client.enabled", matchIfMissing = true)
	static class ClientConfiguration {

		@Bean
		static GrpcChannelTlsDefaults mtlsGrpcChannelTlsDefaults() {
			return new GrpcChannelTlsDefaults();
		}

		@Bean
		static ChannelRotation mtlsGrpcChannelRotation(ObjectProvider<MtlsMaterial> material) {
			return new ChannelRotation(material);
		}

	}

}
