package dev.mtls.boot.health;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.revocation.MtlsRevocationAutoConfiguration;
import dev.mtls.boot.revocation.RevocationState;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mtls} health indicator ({@code /actuator/health/mtls}).
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = { MtlsAutoConfiguration.class, MtlsRevocationAutoConfiguration.class },
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Health.class)
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnEnabledHealthIndicator("mtls")
@EnableConfigurationProperties(MtlsHealthProperties.class)
public final class MtlsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mtlsHealthIndicator")
	MtlsHealthIndicator mtlsHealthIndicator(MtlsMaterial material, MtlsHealthProperties properties,
			ObjectProvider<RevocationState> revocation) {
		return new MtlsHealthIndicator(material, properties.getExpiryWarningThreshold(), material.clock(),
				revocation::getIfAvailable);
	}

}
