package dev.mtls.boot.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.KeptAliveConnection;
import dev.mtls.boot.testing.OcspResponder;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A connection kept open (HTTP/1.1 keep-alive, HTTP/2) outlives nothing: requests on it stop being
 * accepted once the client's certificate is revoked (after the revocation answer's TTL) or expires,
 * while another client's connection to the same server goes on.
 */
class KeptAlivePeerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	// Slow enough to stay under the servers' requests-per-connection limits.
	private static final Duration POLL = Duration.ofMillis(250);

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate good;

	@BeforeEach
	void pki() {
		this.pki = new TestPki(this.directory);
		this.good = this.pki.client("good");
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void clientRevokedByOcspIsRefusedOnItsOpenConnection(WebApplicationType type) throws Exception {
		IssuedCertificate revokedLater = this.pki.client("revoked-later");
		try (OcspResponder responder = OcspResponder.start(this.directory, this.pki.root(),
				new IssuedCertificate[] { this.good, revokedLater }, new IssuedCertificate[0]);
				RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"),
						"--mtls.revocation.mode=ocsp", "--mtls.revocation.ocsp-responder=" + responder.url(),
						"--mtls.revocation.cache-ttl=1s");
				KeptAliveConnection revoked = KeptAliveConnection.open(presenting(revokedLater), app.port());
				KeptAliveConnection other = KeptAliveConnection.open(presenting(this.good), app.port())) {
			assertThat(revoked.get("/whoami")).isEqualTo(200);
			assertThat(other.get("/whoami")).isEqualTo(200);
			responder.answer(new IssuedCertificate[] { this.good }, new IssuedCertificate[] { revokedLater });
			awaitStatus(revoked, 401);
			assertThat(other.get("/whoami")).isEqualTo(200);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void clientRevokedByOcspIsRefusedOnItsHttp2Connection(WebApplicationType type) throws Exception {
		IssuedCertificate revokedLater = this.pki.client("revoked-later");
		try (OcspResponder responder = OcspResponder.start(this.directory, this.pki.root(),
				new IssuedCertificate[] { this.good, revokedLater }, new IssuedCertificate[0]);
				RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"),
						"--server.http2.enabled=true", "--mtls.revocation.mode=ocsp",
						"--mtls.revocation.ocsp-responder=" + responder.url(), "--mtls.revocation.cache-ttl=1s")) {
			// One client each: the JDK keeps one HTTP/2 connection per server and sends every request on it.
			HttpClient revoked = http2(revokedLater);
			HttpClient other = http2(this.good);
			assertThat(get(revoked, app).version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(get(other, app).statusCode()).isEqualTo(200);
			responder.answer(new IssuedCertificate[] { this.good }, new IssuedCertificate[] { revokedLater });
			await().atMost(WAIT).pollInterval(POLL).until(() -> get(revoked, app).statusCode() == 401);
			assertThat(get(other, app).statusCode()).isEqualTo(200);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void clientCertificateExpiringDuringTheConnectionIsRefusedOnIt(WebApplicationType type) throws Exception {
		try (RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"))) {
			Instant now = Instant.now();
			IssuedCertificate shortLived = new CertificateBuilder().subject("CN=short-lived")
				.uri(TestPki.spiffeId("short-lived"))
				.validity(now.minus(Duration.ofMinutes(1)), now.plusSeconds(3))
				.issuedBy(this.pki.root())
				.issue();
			assertRefusedOnceExpired(shortLived, app);
		}
	}

	private void assertRefusedOnceExpired(IssuedCertificate shortLived, RunningPeer app) throws Exception {
		try (KeptAliveConnection expiring = KeptAliveConnection.open(presenting(shortLived), app.port());
				KeptAliveConnection other = KeptAliveConnection.open(presenting(this.good), app.port())) {
			assertThat(expiring.get("/whoami")).isEqualTo(200);
			assertThat(other.get("/whoami")).isEqualTo(200);
			awaitStatus(expiring, 401);
			assertThat(Instant.now()).isAfter(shortLived.certificate().getNotAfter().toInstant());
			assertThat(other.get("/whoami")).isEqualTo(200);
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> presenting(shortLived).get(app.port(), "/whoami"));
		}
	}

	private HttpClient http2(IssuedCertificate client) {
		return HttpClient.newBuilder()
			.sslContext(presenting(client).sslContext())
			.version(HttpClient.Version.HTTP_2)
			.build();
	}

	private static HttpResponse<String> get(HttpClient client, RunningPeer app) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + "/whoami"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private TlsClient presenting(IssuedCertificate client) {
		return TlsClient.presenting(client, this.pki.root());
	}

	private static void awaitStatus(KeptAliveConnection connection, int status) {
		await().atMost(WAIT).pollInterval(POLL).until(() -> connection.get("/whoami") == status);
	}

}
