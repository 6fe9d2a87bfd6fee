package dev.mtls.boot.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.KafkaBroker;
import dev.mtls.boot.testing.SecretVolume;
import dev.mtls.boot.testing.TestPki;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured Kafka producer and listener with {@code spring.kafka.ssl.bundle=mtls} against
 * an in-JVM broker whose SSL listener requires client certificates: they get through, a client the
 * broker does not trust does not, and after a rotation both present the new certificate: the broker
 * then denies the old one (ACLs on the certificate's serial number), and a record still goes from
 * the producer through the broker to the listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaIntegrationTests {

	private Path directory;

	private TestPki pki;

	private KafkaBroker broker;

	@BeforeAll
	void start(@TempDir Path directory) throws Exception {
		this.directory = directory;
		this.pki = new TestPki(Files.createDirectories(directory.resolve("pki")));
		this.broker = KafkaBroker.start(this.pki.server("kafka"), this.pki.root(), this.pki.client("admin"));
		this.broker.createTopic("orders");
	}

	@AfterAll
	void stop() {
		if (this.broker != null) {
			this.broker.close();
		}
	}

	@Test
	void recordsGoThroughTheBrokerWithTheIdentity() throws Exception {
		IssuedCertificate identity = this.pki.client("orders");
		try (ConfigurableApplicationContext app = app(DataApplication.volume(this.directory, this.pki, "trusted", identity), "trusted")) {
			send(app, "placed");
			assertThat(received(app)).isEqualTo("placed");
			assertThat(KafkaBroker.authenticated()).contains(identity.certificate().getSerialNumber());
		}
	}

	@Test
	void brokerRefusesAnIdentityItDoesNotTrust() throws Exception {
		TestPki stranger = new TestPki(Files.createDirectories(this.directory.resolve("stranger")));
		IssuedCertificate identity = stranger.client("orders");
		try (ConfigurableApplicationContext app = app(DataApplication.volume(this.directory, this.pki, "stranger", identity), "stranger",
				"--spring.kafka.producer.properties.max.block.ms=3000")) {
			assertThatException().isThrownBy(() -> send(app, "placed"));
			assertThat(KafkaBroker.authenticated()).doesNotContain(identity.certificate().getSerialNumber());
		}
	}

	@Test
	void afterRotationProducerAndListenerPresentTheNewIdentity() throws Exception {
		IssuedCertificate first = this.pki.client("orders");
		SecretVolume volume = DataApplication.volume(this.directory, this.pki, "rotating", first);
		try (ConfigurableApplicationContext app = app(volume, "rotating")) {
			send(app, "before");
			assertThat(received(app)).isEqualTo("before");
			IssuedCertificate second = this.pki.client("orders");
			long written = System.nanoTime();
			volume.writeIdentity(second, this.pki.root());
			DataApplication.awaitIdentity(app, second);
			// Once the consumer of the old certificate has left the group, the broker denies that certificate.
			Listener listener = app.getBean(Listener.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> listener.stopped.get() > 0);
			this.broker.deny(first);
			this.broker.awaitDenied(first);
			// A producer or consumer still on a connection of the old certificate is denied now.
			send(app, "after");
			assertThat(received(app)).isEqualTo("after");
			System.out.printf("Kafka: a record went through producer and listener with the new certificate %d ms "
					+ "after it was written%n", Duration.ofNanos(System.nanoTime() - written).toMillis());
			assertThat(KafkaBroker.authenticated()).contains(second.certificate().getSerialNumber());
		}
	}

	private ConfigurableApplicationContext app(SecretVolume volume, String group, String... extra) {
		String[] arguments = { "--mtls.identity.certificate=file:" + volume.file("tls.crt"),
				"--mtls.identity.private-key=file:" + volume.file("tls.key"),
				"--mtls.trust.certificates=file:" + volume.file("ca.crt"), "--mtls.reload.quiet-period=100ms",
				"--spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(),
				"--spring.kafka.security.protocol=SSL", "--spring.kafka.ssl.bundle=mtls",
				"--spring.kafka.consumer.group-id=" + group, "--spring.kafka.consumer.auto-offset-reset=earliest",
				"--test.group=" + group };
		String[] all = new String[arguments.length + extra.length];
		System.arraycopy(arguments, 0, all, 0, arguments.length);
		System.arraycopy(extra, 0, all, arguments.length, extra.length);
		return DataApplication.kafka(Listener.class, all);
	}

	@SuppressWarnings("unchecked")
	private static void send(ConfigurableApplicationContext app, String value) throws Exception {
		String group = app.getEnvironment().getProperty("test.group");
		app.getBean(KafkaTemplate.class).send("orders", group, value).get(20, TimeUnit.SECONDS);
	}

	private static String received(ConfigurableApplicationContext app) throws InterruptedException {
		return app.getBean(Listener.class).received.poll(30, TimeUnit.SECONDS);
	}

	/**
	 * Receives the records sent by its own application (the key is the application's group).
	 */
	@Configuration(proxyBeanMethods = false)
	static class Listener {

		private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final AtomicInteger stopped = new AtomicInteger();

		@Value("${test.group}")
		private String group;

		@KafkaListener(topics = "orders")
		void receive(ConsumerRecord<String, String> record) {
			if (this.group.equals(record.key())) {
				this.received.add(record.value());
			}
		}

		@EventListener
		void stopped(ConsumerStoppedEvent event) {
			this.stopped.incrementAndGet();
		}

	}

}
