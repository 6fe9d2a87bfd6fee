package dev.mtls.boot.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.testing.TestPki;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When Kafka clients are retired after a material update, and which.
 */
class MtlsKafkaAutoConfigurationTests {

	private ApplicationContextRunner runner;

	private TestPki pki;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.pki = new TestPki(directory);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					KafkaAutoConfiguration.class, MtlsKafkaAutoConfiguration.class))
			.withPropertyValues(this.pki.properties("app"));
	}

	@Test
	void bootsProducerFactoryCarriesTheMtlsBundleThatRetirementLooksFor() {
		this.runner.withPropertyValues("spring.kafka.ssl.bundle=mtls").run((context) -> {
			assertThat(context).hasSingleBean(KafkaClientRetirement.class);
			Map<String, Object> configuration = context.getBean(ProducerFactory.class).getConfigurationProperties();
			assertThat(configuration.get(SslBundle.class.getName())).isSameAs(context.getBean(MtlsMaterial.class).bundle());
		});
	}

	@Test
	void updateClosesProducersOfFactoriesOnTheBundleOnly() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsKafkaAutoConfiguration.class))
			.withUserConfiguration(ProducerFactories.class)
			.withPropertyValues(this.pki.properties("app"))
			.run((context) -> {
				DefaultKafkaProducerFactory<?, ?> onBundle = context.getBean("onBundle", DefaultKafkaProducerFactory.class);
				DefaultKafkaProducerFactory<?, ?> other = context.getBean("other", DefaultKafkaProducerFactory.class);
				onBundle.createProducer().close();
				other.createProducer().close();
				this.pki.write("app", this.pki.server("app"));
				assertThat(context.getBean(MtlsMaterial.class).reload().success()).isTrue();
				assertThat(onBundle).extracting("producer").isNull();
				assertThat(other).extracting("producer").isNotNull();
				other.reset();
			});
	}

	@Test
	void backsOffWhenRetirementIsSwitchedOff() {
		this.runner.withPropertyValues("mtls.data.kafka.retire-on-update=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaClientRetirement.class));
	}

	@Test
	void backsOffWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(ProducerFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaClientRetirement.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ProducerFactories {

		@Bean
		DefaultKafkaProducerFactory<String, String> onBundle(MtlsMaterial material) {
			Map<String, Object> configuration = configuration();
			configuration.put(SslBundle.class.getName(), material.bundle());
			return new DefaultKafkaProducerFactory<>(configuration);
		}

		@Bean
		DefaultKafkaProducerFactory<String, String> other() {
			return new DefaultKafkaProducerFactory<>(configuration());
		}

		private static Map<String, Object> configuration() {
			Map<String, Object> configuration = new HashMap<>();
			configuration.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
			configuration.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			configuration.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			return configuration;
		}

	}

}
