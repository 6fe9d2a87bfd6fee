package dev.mtls.boot.data;

import com.zaxxer.hikari.HikariDataSource;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration that makes HikariCP data sources with a PostgreSQL URL present the identity
 * and verify the server with the trust set ({@code mtls.data.postgresql.enabled=true}), and evicts
 * their connections after a material update.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnBooleanProperty("mtls.data.postgresql.enabled")
@EnableConfigurationProperties(MtlsDataProperties.class)
public final class MtlsPostgresAutoConfiguration {

	MtlsPostgresAutoConfiguration() {
	}

	@Bean
	RunningMaterials mtlsPostgresMaterials(MtlsMaterial material) {
		return new RunningMaterials(material);
	}

	@Bean
	static PostgresDataSources mtlsPostgresDataSources(ObjectProvider<RunningMaterials> materials) {
		return new PostgresDataSources(materials);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "mtls.data.postgresql.retire-on-update", matchIfMissing = true)
	static class RetirementConfiguration {

		@Bean
		PostgresConnectionRetirement mtlsPostgresConnectionRetirement(MtlsMaterial material,
				ObjectProvider<HikariDataSource> dataSources) {
			return new PostgresConnectionRetirement(material, dataSources);
		}

	}

}
