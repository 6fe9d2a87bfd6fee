package dev.mtls.boot.data;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Auto-configuration that retires Kafka producers and listener containers after a material
 * update, for clients that take the identity from the bundle ({@code spring.kafka.ssl.bundle=mtls}).
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnClass(ProducerFactory.class)
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnBooleanProperty(name = "mtls.data.kafka.retire-on-update", matchIfMissing = true)
@EnableConfigurationProperties(MtlsDataProperties.class)
public final class MtlsKafkaAutoConfiguration {

	MtlsKafkaAutoConfiguration() {
	}

	@Bean
	KafkaClientRetirement mtlsKafkaClientRetirement(MtlsMaterial material,
			ObjectProvider<ProducerFactory<?, ?>> producers, ObjectProvider<ConsumerFactory<?, ?>> consumers,
			ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
		return new KafkaClientRetirement(material, producers, consumers, listeners);
	}

}
