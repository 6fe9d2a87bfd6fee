package dev.mtls.boot.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.PostgresServer;
import dev.mtls.boot.testing.SecretVolume;
import dev.mtls.boot.testing.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured HikariCP data source with {@code mtls.data.postgresql.enabled=true} against a
 * real PostgreSQL that authenticates clients by certificate ({@code hostssl ... cert}, the common
 * name mapped to a database user): it is let in as that user, a client the server does not trust is
 * not, and after a rotation new connections present the new certificate while pooled ones are
 * retired, as {@code pg_stat_ssl} shows from the server's side. A revoked identity (the server
 * loads the CRL) and one that expired while the application ran are refused, and the starter's
 * health and metrics say why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresIntegrationTests {

	private static final String COMMON_NAME = "orders-service";

	private Path directory;

	private TestPki pki;

	private IssuedCertificate revoked;

	private PostgresServer postgres;

	@BeforeAll
	void start(@TempDir Path directory) throws Exception {
		this.directory = directory;
		this.pki = new TestPki(Files.createDirectories(directory.resolve("pki")));
		this.revoked = identity(this.pki);
		this.postgres = PostgresServer.start(this.pki.server("postgres"), this.pki.root(), COMMON_NAME,
				TestPki.crl(this.pki.root(), Duration.ofDays(1), this.revoked));
	}

	@AfterAll
	void stop() {
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void queriesRunAsTheDatabaseUserTheCertificateMapsTo() {
		IssuedCertificate identity = identity(this.pki);
		try (ConfigurableApplicationContext app = app(DataApplication.volume(this.directory, this.pki, "trusted", identity))) {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(PostgresServer.USER);
			assertThat(ownSerial(jdbc)).isEqualTo(identity.certificate().getSerialNumber());
		}
	}

	@Test
	void serverRefusesAnIdentityItDoesNotTrust() throws Exception {
		TestPki stranger = new TestPki(Files.createDirectories(this.directory.resolve("stranger")));
		try (ConfigurableApplicationContext app = app(DataApplication.volume(this.directory, this.pki, "stranger", identity(stranger)))) {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			long refused = refusals();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForObject("SELECT 1", Integer.class));
			await().atMost(Duration.ofSeconds(5)).until(() -> refusals() > refused);
		}
	}

	@Test
	void afterRotationNewConnectionsPresentTheNewIdentityAndPooledOnesAreRetired() throws Exception {
		IssuedCertificate first = identity(this.pki);
		SecretVolume volume = DataApplication.volume(this.directory, this.pki, "rotating", first);
		try (ConfigurableApplicationContext app = app(volume, "--spring.datasource.hikari.maximum-pool-size=2",
				"--spring.datasource.hikari.minimum-idle=2")) {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			BigInteger before = first.certificate().getSerialNumber();
			assertThat(ownSerial(jdbc)).isEqualTo(before);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.postgres.clientSerials().size() == 2);
			IssuedCertificate second = identity(this.pki);
			BigInteger after = second.certificate().getSerialNumber();
			try (Connection busy = app.getBean(DataSource.class).getConnection()) {
				long written = System.nanoTime();
				volume.writeIdentity(second, this.pki.root());
				DataApplication.awaitIdentity(app, second);
				// The idle connection goes once the update's listeners ran; the busy one stays until returned.
				await().atMost(Duration.ofSeconds(5)).until(() -> ownSerial(jdbc).equals(after));
				System.out.printf("PostgreSQL: a query ran on a connection with the new certificate %d ms after it "
						+ "was written%n", Duration.ofNanos(System.nanoTime() - written).toMillis());
				assertThat(this.postgres.clientSerials()).containsOnlyOnce(before);
			}
			long returned = System.nanoTime();
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.postgres.clientSerials().contains(before));
			System.out.printf("PostgreSQL: the busy connection closed %d ms after it was returned%n",
					Duration.ofNanos(System.nanoTime() - returned).toMillis());
			assertThat(ownSerial(jdbc)).isEqualTo(after);
		}
	}

	@Test
	void revokedIdentityIsRefusedAndHealthAndMetricsSayWhy() throws Exception {
		Path crl = Files.writeString(this.directory.resolve("crl.pem"),
				TestPki.crl(this.pki.root(), Duration.ofDays(1), this.revoked));
		try (ConfigurableApplicationContext app = app(DataApplication.volume(this.directory, this.pki, "revoked", this.revoked), "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + crl)) {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			// PostgreSQL 15 logs no reason, and under TLS 1.3 the client sees only the connection closed:
			// the starter's health and metrics are what say why.
			long refused = refusals();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForObject("SELECT 1", Integer.class));
			await().atMost(Duration.ofSeconds(5)).until(() -> refusals() > refused);
			Health health = app.getBean("mtlsHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health.getDetails().get("warnings")).asString()
				.contains("serial " + this.revoked.certificate().getSerialNumber().toString(16) + ") is revoked since");
			assertThat(app.getBean(MeterRegistry.class).get("mtls.identity.revoked").gauge().value()).isOne();
		}
	}

	@Test
	void identityThatExpiredWhileRunningIsRefusedAndHealthAndMetricsSayWhy() {
		IssuedCertificate expiring = new CertificateBuilder().subject("CN=" + COMMON_NAME)
			// Long enough for the application to start with it (it refuses an expired identity), short for the test.
			.validity(Instant.now().minusSeconds(60), Instant.now().plusSeconds(6))
			.issuedBy(this.pki.root())
			.issue();
		try (ConfigurableApplicationContext app = app(DataApplication.volume(this.directory, this.pki, "expiring", expiring))) {
			HealthIndicator indicator = app.getBean("mtlsHealthIndicator", HealthIndicator.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> indicator.health().getStatus() == Status.OUT_OF_SERVICE);
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			long refused = refusals();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForObject("SELECT 1", Integer.class));
			await().atMost(Duration.ofSeconds(5)).until(() -> refusals() > refused);
			assertThat(indicator.health().getDetails().get("warnings")).asString().contains("is expired since");
			assertThat(app.getBean(MeterRegistry.class)
				.get("mtls.certificate.expiry")
				.tag("type", "identity")
				.tag("serial", expiring.certificate().getSerialNumber().toString(16))
				.gauge()
				.value()).isNegative();
		}
	}

	private ConfigurableApplicationContext app(SecretVolume volume, String... extra) {
		String[] arguments = { "--mtls.identity.certificate=file:" + volume.file("tls.crt"),
				"--mtls.identity.private-key=file:" + volume.file("tls.key"),
				"--mtls.trust.certificates=file:" + volume.file("ca.crt"), "--mtls.reload.quiet-period=100ms",
				"--mtls.data.postgresql.enabled=true", "--spring.datasource.url=" + this.postgres.url(),
				"--spring.datasource.username=" + PostgresServer.USER };
		String[] all = new String[arguments.length + extra.length];
		System.arraycopy(arguments, 0, all, 0, arguments.length);
		System.arraycopy(extra, 0, all, arguments.length, extra.length);
		return DataApplication.postgresql(all);
	}

	// Handshakes the server refused because the client certificate did not verify.
	private long refusals() {
		return this.postgres.log().lines().filter((line) -> line.endsWith("certificate verify failed")).count();
	}

	// The serial number of the certificate the server saw on the connection that ran this query.
	private static BigInteger ownSerial(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT client_serial FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
				BigDecimal.class).toBigIntegerExact();
	}

	private static IssuedCertificate identity(TestPki pki) {
		return new CertificateBuilder().subject("CN=" + COMMON_NAME).issuedBy(pki.root()).issue();
	}

}
