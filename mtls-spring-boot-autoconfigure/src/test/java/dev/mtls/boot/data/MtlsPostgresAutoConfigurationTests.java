package dev.mtls.boot.data;

import java.nio.file.Path;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which data sources connect to PostgreSQL with the identity, and when the starter leaves them alone.
 */
class MtlsPostgresAutoConfigurationTests {

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsPostgresAutoConfiguration.class))
			.withUserConfiguration(DataSources.class)
			.withPropertyValues(new TestPki(directory).properties("app"));
	}

	@Test
	void postgresDataSourceVerifiesTheServerFullyWithTheIdentity() {
		this.runner.withPropertyValues("mtls.data.postgresql.enabled=true").run((context) -> {
			Properties properties = context.getBean("postgres", HikariDataSource.class).getDataSourceProperties();
			assertThat(properties).containsEntry("sslfactory", PostgresSslFactory.class.getName())
				.containsEntry("sslmode", "verify-full")
				.containsEntry(RunningMaterials.KEY_PROPERTY, context.getBean(RunningMaterials.class).key());
			assertThat(context).hasSingleBean(PostgresConnectionRetirement.class);
		});
	}

	@Test
	void sslModeSetAsADataSourcePropertyStays() {
		this.runner.withPropertyValues("mtls.data.postgresql.enabled=true")
			.run((context) -> assertThat(context.getBean("postgresVerifyCa", HikariDataSource.class)
				.getDataSourceProperties()).containsEntry("sslmode", "verify-ca")
				.containsEntry("sslfactory", PostgresSslFactory.class.getName()));
	}

	@Test
	void otherDatabasesAreLeftAlone() {
		this.runner.withPropertyValues("mtls.data.postgresql.enabled=true")
			.run((context) -> assertThat(context.getBean("other", HikariDataSource.class).getDataSourceProperties())
				.isEmpty());
	}

	@Test
	void offUnlessEnabled() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(PostgresDataSources.class);
			assertThat(context.getBean("postgres", HikariDataSource.class).getDataSourceProperties()).isEmpty();
		});
	}

	@Test
	void retirementCanBeSwitchedOff() {
		this.runner.withPropertyValues("mtls.data.postgresql.enabled=true", "mtls.data.postgresql.retire-on-update=false")
			.run((context) -> assertThat(context).hasSingleBean(PostgresDataSources.class)
				.doesNotHaveBean(PostgresConnectionRetirement.class));
	}

	@Test
	void factoryFindsTheMaterialOfItsApplication() {
		this.runner.withPropertyValues("mtls.data.postgresql.enabled=true").run((context) -> {
			Properties connection = new Properties();
			connection.putAll(context.getBean("postgres", HikariDataSource.class).getDataSourceProperties());
			assertThat(new PostgresSslFactory(connection).getSupportedCipherSuites()).isNotEmpty();
			assertThat(RunningMaterials.find(connection.getProperty(RunningMaterials.KEY_PROPERTY)))
				.isSameAs(context.getBean(MtlsMaterial.class));
		});
		Properties closed = new Properties();
		closed.setProperty(RunningMaterials.KEY_PROPERTY, "gone");
		assertThatIllegalStateException().isThrownBy(() -> new PostgresSslFactory(closed))
			.withMessageContaining("was its context closed?");
	}

	@Configuration(proxyBeanMethods = false)
	static class DataSources {

		@Bean
		HikariDataSource postgres() {
			return dataSource("jdbc:postgresql://localhost/app");
		}

		@Bean
		HikariDataSource postgresVerifyCa() {
			HikariDataSource dataSource = dataSource("jdbc:postgresql://localhost/app");
			dataSource.addDataSourceProperty("sslmode", "verify-ca");
			return dataSource;
		}

		@Bean
		HikariDataSource other() {
			return dataSource("jdbc:h2:mem:other");
		}

		private static HikariDataSource dataSource(String url) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(url);
			return dataSource;
		}

	}

}
