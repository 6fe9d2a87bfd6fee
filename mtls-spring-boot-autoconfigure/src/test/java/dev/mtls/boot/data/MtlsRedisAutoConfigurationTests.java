package dev.mtls.boot.data;

import java.nio.file.Path;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When Redis connections are retired after a material update, and when not.
 */
class MtlsRedisAutoConfigurationTests {

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsRedisAutoConfiguration.class))
			.withPropertyValues(new TestPki(directory).properties("app"));
	}

	@Test
	void retiresConnectionsOfARedisClientOnTheMtlsBundle() {
		this.runner.withPropertyValues("spring.data.redis.ssl.bundle=mtls")
			.run((context) -> assertThat(context).hasSingleBean(RedisConnectionRetirement.class));
	}

	@Test
	void leavesARedisClientOnAnotherBundleOrWithoutTlsAlone() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RedisConnectionRetirement.class));
	}

	@Test
	void backsOffWhenRetirementIsSwitchedOff() {
		this.runner.withPropertyValues("spring.data.redis.ssl.bundle=mtls", "mtls.data.redis.retire-on-update=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisConnectionRetirement.class));
	}

	@Test
	void backsOffWithoutLettuce() {
		this.runner.withPropertyValues("spring.data.redis.ssl.bundle=mtls")
			.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnectionRetirement.class));
	}

}
