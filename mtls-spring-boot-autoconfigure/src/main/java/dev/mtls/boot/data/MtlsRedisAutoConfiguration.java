package dev.mtls.boot.data;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration that retires Redis connections after a material update, for applications
 * whose Redis client takes the identity from the bundle ({@code spring.data.redis.ssl.bundle=mtls}).
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnClass(LettuceConnectionFactory.class)
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnProperty(name = "spring.data.redis.ssl.bundle", havingValue = MtlsMaterial.BUNDLE_NAME)
@ConditionalOnBooleanProperty(name = "mtls.data.redis.retire-on-update", matchIfMissing = true)
@EnableConfigurationProperties(MtlsDataProperties.class)
public final class MtlsRedisAutoConfiguration {

	MtlsRedisAutoConfiguration() {
	}

	@Bean
	RedisConnectionRetirement mtlsRedisConnectionRetirement(MtlsMaterial material,
			ObjectProvider<LettuceConnectionFactory> factories) {
		return new RedisConnectionRetirement(material, factories);
	}

}
