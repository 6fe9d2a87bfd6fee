package dev.mtls.boot.spiffe;

import java.time.Clock;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import io.spiffe.workloadapi.WorkloadApiClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the SPIFFE Workload API as the {@link IdentitySource}
 * ({@code mtls.identity.spiffe.enabled=true}): the material takes the X.509-SVID and trust bundles
 * from it and follows every push; peers are checked against the bundle of their own trust domain and
 * servers this service calls by their SPIFFE ID.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(before = MtlsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("mtls.identity.spiffe.enabled")
@EnableConfigurationProperties({ MtlsSpiffeProperties.class, MtlsSpiffeClientProperties.class })
public final class MtlsSpiffeAutoConfiguration {

	MtlsSpiffeAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WorkloadApiClient.class)
	static class WorkloadApiConfiguration {

		@Bean(destroyMethod = "close")
		SpiffeIdentitySource spiffeIdentitySource(MtlsSpiffeProperties properties, Environment environment,
				ResourceLoader resourceLoader, ObjectProvider<Clock> clock) {
			return new SpiffeIdentitySource(
					new WorkloadApi(properties.getEndpointSocket(), environment.getProperty("SPIFFE_ENDPOINT_SOCKET"),
							resourceLoader.getClassLoader()),
					properties.getInitialFetchTimeout(), properties.getMaxReconnectDelay(),
					clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		SpiffePeerChecks spiffePeerChecks(SpiffeIdentitySource source, MtlsMaterial material,
				MtlsSpiffeClientProperties client) {
			return new SpiffePeerChecks(source, material, client.getExpectedIds());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.spiffe.workloadapi.WorkloadApiClient")
	static class MissingLibraryConfiguration {

		@Bean
		IdentitySource spiffeIdentitySource() {
			throw ConfigurationProblem.of("mtls.identity.spiffe.enabled", true,
					"java-spiffe-core is not on the class path.",
					"Add io.spiffe:java-spiffe-core and its gRPC transport io.spiffe:grpc-netty-linux (see docs/spiffe.md), "
							+ "or set mtls.identity.spiffe.enabled=false.");
		}

	}

}
