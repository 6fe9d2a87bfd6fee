package dev.mtls.boot.data;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.mtls.boot.core.MtlsMaterial;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Retires Kafka connections after a material update. Spring Boot's engine factory builds an SSL
 * context for each connection from the bundle, so only connections opened before the update carry
 * the old identity, and Kafka clients keep theirs open for their whole life: producer factories on
 * the bundle close their producers (the next send creates one), and when the consumer factories are
 * on the bundle, running listener containers are stopped and started again (their consumers leave
 * and rejoin the group).
 *
 * @author mtls-spring-boot
 */
final class KafkaClientRetirement implements DisposableBean {

	private static final Log logger = LogFactory.getLog(KafkaClientRetirement.class);

	// Where Spring Boot puts the bundle in a client's configuration (its SslBundleSslEngineFactory reads it).
	private static final String BUNDLE_CONFIG = SslBundle.class.getName();

	private final MtlsMaterial material;

	private final ObjectProvider<ProducerFactory<?, ?>> producers;

	private final ObjectProvider<ConsumerFactory<?, ?>> consumers;

	private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;

	// Not a bean: an Executor bean would make Spring Boot back off from its own task executor.
	private final ExecutorService restarts = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "mtls-kafka-restart");
		thread.setDaemon(true);
		return thread;
	});

	KafkaClientRetirement(MtlsMaterial material, ObjectProvider<ProducerFactory<?, ?>> producers,
			ObjectProvider<ConsumerFactory<?, ?>> consumers, ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
		this.material = material;
		this.producers = producers;
		this.consumers = consumers;
		this.listeners = listeners;
		material.addUpdateListener(this::retire);
	}

	private void retire() {
		this.producers.orderedStream()
			.filter((factory) -> onBundle(factory.getConfigurationProperties()))
			.forEach((factory) -> {
				factory.reset();
				logger.info("Kafka producers closed after the mTLS material update; the next send creates new ones");
			});
		if (this.consumers.orderedStream().anyMatch((factory) -> onBundle(factory.getConfigurationProperties()))) {
			this.listeners.ifAvailable((registry) -> registry.getAllListenerContainers()
				.stream()
				.filter(MessageListenerContainer::isRunning)
				.forEach(this::restart));
		}
	}

	// Stopping waits for the consumer's poll to end; the update's thread does not wait for that.
	private void restart(MessageListenerContainer container) {
		container.stop(() -> this.restarts.execute(() -> {
			container.start();
			logger.info("Kafka listener container " + container.getListenerId()
					+ " restarted after the mTLS material update");
		}));
	}

	@Override
	public void destroy() {
		this.restarts.shutdownNow();
	}

	private boolean onBundle(Map<String, Object> configuration) {
		return configuration.get(BUNDLE_CONFIG) == this.material.bundle();
	}

}
