package dev.mtls.boot.metrics;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.revocation.RevocationState;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the starter's Micrometer metrics. Spring Boot's own
 * {@code ssl.chain.expiry} (per bundle and chain) stays as it is; {@code mtls.certificate.expiry}
 * adds one gauge per certificate with subject and serial.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, MtlsMaterial.class })
@EnableConfigurationProperties(MtlsMetricsProperties.class)
public final class MtlsMetricsAutoConfiguration {

	@Bean
	MtlsMeterBinder mtlsMeterBinder(MtlsMaterial material) {
		return new MtlsMeterBinder(material, material.clock());
	}

	@Bean
	IdentityRevocationMetrics mtlsIdentityRevocationMetrics(MtlsMaterial material,
			ObjectProvider<RevocationState> revocation) {
		return new IdentityRevocationMetrics(material, revocation::getIfAvailable);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.Authentication")
	static class AuthenticationMetricsConfiguration {

		@Bean
		AuthenticationMetrics mtlsAuthenticationMetrics(MeterRegistry registry, MtlsMetricsProperties properties) {
			return new AuthenticationMetrics(registry, properties.isPeerTags());
		}

		@Bean
		@ConditionalOnBooleanProperty("mtls.proxy.enabled")
		ForwardedCertificateMetrics mtlsForwardedCertificateMetrics(MeterRegistry registry) {
			return new ForwardedCertificateMetrics(registry);
		}

	}

}
