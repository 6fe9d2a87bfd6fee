package dev.mtls.boot.authorization;

import java.time.Clock;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;

/**
 * Auto-configuration of {@code mtls.authorization}: the rules and anonymous-caller policy that the
 * security chains apply on the application port (and on the gRPC server's calls), and their metrics.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		beforeName = { "dev.mtls.boot.security.MtlsServletSecurityAutoConfiguration",
				"dev.mtls.boot.security.MtlsReactiveSecurityAutoConfiguration" })
@ConditionalOnClass(GrantedAuthority.class)
@Conditional(WebOrGrpcServer.class)
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MtlsAuthorizationProperties.class)
public final class MtlsAuthorizationAutoConfiguration {

	// Not @ConditionalOnMissingBean: applications cannot make a RequestAuthorization (rules are configuration).
	@Bean
	RequestAuthorization mtlsRequestAuthorization(MtlsAuthorizationProperties properties, ObjectProvider<Clock> clock) {
		return new RequestAuthorization(properties, clock.getIfAvailable(Clock::systemUTC));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		AuthorizationMetrics mtlsAuthorizationMetrics(RequestAuthorization authorization) {
			return new AuthorizationMetrics(authorization);
		}

	}

}
