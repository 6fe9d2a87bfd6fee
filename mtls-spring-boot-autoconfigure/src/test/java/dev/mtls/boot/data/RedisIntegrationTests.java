package dev.mtls.boot.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.RedisServer;
import dev.mtls.boot.testing.SecretVolume;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured Redis client with {@code spring.data.redis.ssl.bundle=mtls} against a real
 * {@code redis-server} that requires client certificates: it is let in, a client the server does
 * not trust is not, and after a rotation its shared connection is replaced by one that presents the
 * new identity (the server then trusts only the new identity's CA, so nothing else gets in).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisIntegrationTests {

	private Path directory;

	private TestPki pki;

	// Issues the rotated identity and the administrator's; the server trusts both CAs at first.
	private TestPki rotated;

	private RedisServer redis;

	@BeforeAll
	void start(@TempDir Path directory) throws Exception {
		this.directory = directory;
		this.pki = new TestPki(Files.createDirectories(directory.resolve("pki")));
		this.rotated = new TestPki(Files.createDirectories(directory.resolve("rotated")));
		this.redis = RedisServer.start(directory.resolve("redis"), this.pki.server("redis"), this.pki.root(),
				this.rotated.root());
	}

	@AfterAll
	void stop() {
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void commandsRunOnAConnectionThatPresentsTheIdentity() {
		SecretVolume volume = DataApplication.volume(this.directory, this.pki, "trusted", this.pki.client("app"));
		try (ConfigurableApplicationContext app = app(volume, "trusted")) {
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			redis.opsForValue().set("greeting", "hello");
			assertThat(redis.opsForValue().get("greeting")).isEqualTo("hello");
			assertThat(appConnections("trusted")).hasSize(1);
		}
	}

	@Test
	void serverRefusesAnIdentityItDoesNotTrust() throws Exception {
		TestPki stranger = new TestPki(Files.createDirectories(this.directory.resolve("stranger")));
		SecretVolume volume = DataApplication.volume(this.directory, this.pki, "stranger", stranger.client("app"));
		try (ConfigurableApplicationContext app = app(volume, "stranger")) {
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			assertThatExceptionOfType(RedisConnectionFailureException.class)
				.isThrownBy(() -> redis.opsForValue().get("greeting"));
			assertThat(appConnections("stranger")).isEmpty();
		}
	}

	@Test
	void afterRotationTheNextCommandRunsOnANewConnectionWithTheNewIdentity() {
		SecretVolume volume = DataApplication.volume(this.directory, this.pki, "rotating", this.pki.client("app"));
		try (ConfigurableApplicationContext app = app(volume, "rotating")) {
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			redis.opsForValue().set("before", "rotation");
			List<String> before = appConnections("rotating");
			assertThat(before).hasSize(1);
			IssuedCertificate second = this.rotated.client("app");
			long written = System.nanoTime();
			volume.writeIdentity(second, this.pki.root());
			DataApplication.awaitIdentity(app, second);
			await().atMost(Duration.ofSeconds(10)).until(() -> !appConnections("rotating").containsAll(before));
			System.out.printf("Redis: old connection closed %d ms after the new identity was written%n",
					Duration.ofNanos(System.nanoTime() - written).toMillis());
			this.redis.trustOnly(admin(), this.pki.root(), this.rotated.root());
			try {
				assertThat(redis.opsForValue().get("before")).isEqualTo("rotation");
				assertThat(appConnections("rotating")).hasSize(1).doesNotContainAnyElementsOf(before);
			}
			finally {
				this.redis.trustOnly(admin(), this.pki.root(), this.pki.root(), this.rotated.root());
			}
		}
	}

	private ConfigurableApplicationContext app(SecretVolume volume, String name) {
		return DataApplication.redis("--mtls.identity.certificate=file:" + volume.file("tls.crt"),
				"--mtls.identity.private-key=file:" + volume.file("tls.key"),
				"--mtls.trust.certificates=file:" + volume.file("ca.crt"), "--mtls.reload.quiet-period=100ms",
				"--spring.data.redis.host=localhost", "--spring.data.redis.port=" + this.redis.port(),
				"--spring.data.redis.ssl.bundle=mtls", "--spring.data.redis.client-name=" + name);
	}

	// Ids of the server's connections from the application with this client name.
	private List<String> appConnections(String name) {
		String clients = this.redis.admin(admin(), this.pki.root(), (commands) -> commands.clientList());
		return clients.lines()
			.filter((line) -> line.contains(" name=" + name + " "))
			.map((line) -> line.substring(0, line.indexOf(' ')))
			.toList();
	}

	private IssuedCertificate admin() {
		return this.rotated.client("admin");
	}

}
