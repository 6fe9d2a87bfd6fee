package dev.mtls.boot.acme;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.PresentingKeyManager;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Pebble;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalyzedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The ACME identity source against a real ACME CA (Pebble, Let's Encrypt's test CA): Pebble reaches
 * the application's http-01 responder, the application serves the issued certificate in real mTLS
 * handshakes, renews it before it expires, and keeps it while the CA is down.
 */
class AcmeIdentityIntegrationTests {

	private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	@TempDir
	Path directory;

	private TestPki pki;

	private final List<AutoCloseable> running = new ArrayList<>();

	private int httpPort;

	@BeforeEach
	void createPki() {
		this.pki = new TestPki(this.directory);
		this.httpPort = Pebble.freePort();
	}

	@AfterEach
	void stop() throws Exception {
		for (int i = this.running.size() - 1; i >= 0; i--) {
			this.running.get(i).close();
		}
	}

	@Test
	void issuesAtStartupAfterTheCaValidatesTheChallengeAndServesTheCertificate() throws Exception {
		Pebble pebble = pebble(Duration.ofHours(1), 0);
		RunningPeer app = app(pebble);
		X509Certificate served = handshake(app, pebble);
		assertThat(served.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"));
		assertThat(served.getIssuerX500Principal().getName()).contains("Pebble Intermediate CA");
		// Pebble 2.4 issues certificates for both ends of a connection; see docs/acme.md.
		assertThat(served.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
		Path storage = this.directory.resolve("acme");
		for (String file : List.of("account.key", "tls.key", "tls.crt")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.resolve(file))))
				.as(file)
				.isEqualTo("rw-------");
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage))).isEqualTo("rwx------");
		assertThat(source(app).state()).containsEntry("error", null)
			.containsEntry("consecutiveFailures", 0)
			.containsEntry("notAfter", served.getNotAfter().toInstant())
			.containsKeys("lastUpdate", "nextRenewal");
	}

	@Test
	void issuesWithTheTlsAlpn01Challenge() throws Exception {
		int tlsPort = Pebble.freePort();
		Pebble pebble = Pebble.start(this.directory, this.pki, Pebble.freePort(), tlsPort, Duration.ofHours(1), 0);
		this.running.add(pebble);
		RunningPeer app = app(pebble, "--mtls.identity.acme.challenge=tls-alpn-01",
				"--mtls.identity.acme.tls-port=" + tlsPort);
		X509Certificate served = handshake(app, pebble);
		assertThat(served.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"));
		assertThat(source(app).state()).containsEntry("challenge", "tls-alpn-01");
	}

	@Test
	void reusesAStoredValidCertificateWithoutTheCa() throws Exception {
		Pebble pebble = pebble(Duration.ofHours(1), 0);
		X509Certificate root = pebble.issuingRoot();
		X509Certificate first;
		try (RunningPeer app = RunningPeer.startWith(WebApplicationType.SERVLET, arguments(pebble))) {
			first = handshake(app, root);
		}
		pebble.close();
		RunningPeer again = app(pebble);
		assertThat(handshake(again, root)).isEqualTo(first);
	}

	@Test
	void renewsBeforeExpiryAndServesTheRenewedCertificate() throws Exception {
		Pebble pebble = pebble(Duration.ofSeconds(30), 0);
		RunningPeer app = app(pebble, "--mtls.identity.acme.renew-before=70%");
		X509Certificate first = handshake(app, pebble);
		MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
		X509Certificate renewed = await(Duration.ofSeconds(40),
				() -> material.identity().certificate().equals(first) ? null : material.identity().certificate());
		assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
		assertThat(handshake(app, pebble)).isEqualTo(renewed);
		assertThat(material.lastReload().success()).isTrue();
		assertThat(app.context().getBean(MeterRegistry.class).get("mtls.reloads").tag("outcome", "success").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(source(app).state()).containsEntry("error", null)
			.containsEntry("notAfter", renewed.getNotAfter().toInstant());
	}

	@Test
	void keepsTheCertificateWhileTheCaIsDownReportsItAndRenewsWhenItIsBack() throws Exception {
		Pebble pebble = pebble(Duration.ofSeconds(40), 0);
		RunningPeer app = app(pebble, "--mtls.identity.acme.renew-before=85%",
				"--mtls.identity.acme.retry-interval=1s", "--mtls.identity.acme.max-retry-interval=2s");
		X509Certificate root = pebble.issuingRoot();
		X509Certificate first = handshake(app, root);
		pebble.close();
		IdentitySource source = source(app);
		Map<String, Object> failing = await(Duration.ofSeconds(30),
				() -> ((int) source.state().get("consecutiveFailures") >= 2) ? source.state() : null);
		assertThat((String) failing.get("error")).isNotBlank();
		assertThat((Instant) failing.get("nextRenewal")).isBefore(Instant.now().plusSeconds(3));
		MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
		assertThat(material.identity().certificate()).isEqualTo(first);
		assertThat(handshake(app, root)).isEqualTo(first);
		Pebble back = pebble(Duration.ofSeconds(40), pebble.port());
		X509Certificate renewed = await(Duration.ofSeconds(20),
				() -> material.identity().certificate().equals(first) ? null : material.identity().certificate());
		assertThat(handshake(app, back)).isEqualTo(renewed);
		assertThat(source.state()).containsEntry("error", null).containsEntry("consecutiveFailures", 0);
	}

	@Test
	void failsStartupNamingTheDirectoryWhenTheCaRefusesTheOrder() {
		// Pebble validates against a port where nothing answers: the challenge, and so the order, is invalid.
		Pebble pebble = Pebble.start(this.directory, this.pki, Pebble.freePort(), Duration.ofHours(1), 0);
		this.running.add(pebble);
		assertThatException().isThrownBy(() -> RunningPeer.startWith(WebApplicationType.SERVLET, arguments(pebble)))
			.satisfies((ex) -> assertThat(failureAnalyzed(ex)).hasMessageStartingWith("Invalid mTLS configuration: mtls.identity.acme.directory '" + pebble.directory()
					+ "': no certificate for [localhost] could be ordered within PT30S: the http-01 challenge for localhost is INVALID: ")
				.hasMessageContaining("connection refused"));
	}

	@Test
	void failsStartupUntilTheCasTermsOfServiceAreAccepted() {
		Pebble pebble = pebble(Duration.ofHours(1), 0);
		List<String> arguments = new ArrayList<>(List.of(arguments(pebble)));
		arguments.remove("--mtls.identity.acme.accept-terms-of-service=true");
		assertThatException()
			.isThrownBy(() -> RunningPeer.startWith(WebApplicationType.SERVLET, arguments.toArray(String[]::new)))
			.satisfies((ex) -> assertThat(failureAnalyzed(ex))
				.hasMessageContaining("the CA asks to agree to its terms of service (data:text/plain,")
				.hasMessageContaining("set mtls.identity.acme.accept-terms-of-service=true once you have read them"));
		assertThat(this.directory.resolve("acme").resolve("tls.crt")).doesNotExist();
	}

	private static Throwable failureAnalyzed(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof FailureAnalyzedException) {
				return cause;
			}
		}
		throw new AssertionError("no FailureAnalyzedException in", ex);
	}

	private Pebble pebble(Duration validity, int port) {
		Pebble pebble = Pebble.start(this.directory, this.pki, this.httpPort, validity, port);
		this.running.add(pebble);
		return pebble;
	}

	private RunningPeer app(Pebble pebble, String... extra) {
		List<String> arguments = new ArrayList<>(List.of(arguments(pebble)));
		arguments.addAll(List.of(extra));
		RunningPeer app = RunningPeer.startWith(WebApplicationType.SERVLET, arguments.toArray(String[]::new));
		this.running.add(app);
		return app;
	}

	private String[] arguments(Pebble pebble) {
		return new String[] { "--mtls.identity.acme.directory=" + pebble.directory(),
				"--mtls.identity.acme.domains=localhost", "--mtls.identity.acme.http-port=" + this.httpPort,
				"--mtls.identity.acme.storage=" + this.directory.resolve("acme"),
				"--mtls.identity.acme.directory-trust=file:"
						+ this.pki.writeCertificates("pebble-https-ca.crt", pebble.httpsCa()),
				"--mtls.identity.acme.accept-terms-of-service=true", "--mtls.identity.acme.issue-timeout=30s",
				"--mtls.trust.certificates=file:" + this.pki.writeCertificates("peers-ca.crt", this.pki.root()),
				"--mtls.grants[0].peer=" + TestPki.spiffeId("*"), "--mtls.grants[0].authorities=SCOPE_read" };
	}

	private static IdentitySource source(RunningPeer app) {
		return app.context().getBean(IdentitySource.class);
	}

	/** A client with a certificate from the peers' CA, trusting the CA Pebble issues from. */
	private X509Certificate handshake(RunningPeer app, Pebble pebble) throws Exception {
		return handshake(app, pebble.issuingRoot());
	}

	private X509Certificate handshake(RunningPeer app, X509Certificate trusted)
			throws Exception {
		IssuedCertificate client = this.pki.client("orders");
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("acme", trusted);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
		trustManagers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(new KeyManager[] { new PresentingKeyManager(client.chain(), client.privateKey(), (issuers) -> {
		}) }, trustManagers.getTrustManagers(), null);
		HttpClient http = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + "/whoami"))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(TestPki.spiffeId("orders"));
		try {
			return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
		}
		catch (SSLPeerUnverifiedException ex) {
			throw new AssertionError(ex);
		}
	}

	private static <T> T await(Duration timeout, Supplier<T> condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			T value = condition.get();
			if (value != null) {
				return value;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("not within " + timeout);
	}

}
