package dev.mtls.boot.attacks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A threat-model claim under attack: the per-certificate caches "end with the chain's notAfter",
 * so a kept-alive connection is verified again when its certificate expires.
 */
class LiveConnectionAttackIntegrationTests {

	@TempDir
	Path directory;

	private TestPki pki;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aKeptAliveConnectionIsRefusedOnceItsCertificateExpires(WebApplicationType type) throws Exception {
		try (AttackedApplication app = AttackedApplication.start(type, this.pki, "app", this.pki.server("app"))) {
			Instant notAfter = Instant.now().plusSeconds(5);
			IssuedCertificate shortLived = new CertificateBuilder().subject("CN=short")
				.uri(TestPki.spiffeId("short"))
				.validity(Instant.now().minusSeconds(60), notAfter)
				.issuedBy(this.pki.root())
				.issue();
			HttpClient client = TlsClient.presenting(shortLived, this.pki.root()).httpClient();
			HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + "/whoami"))
				.timeout(Duration.ofSeconds(10))
				.build();
			assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			// Keep the connection busy until after notAfter; a 200 after it can only come from a
			// connection (or resumed session) that was verified before: a full handshake is refused.
			Integer afterExpiry = null;
			while (Instant.now().isBefore(notAfter.plusSeconds(2))) {
				Thread.sleep(500);
				int status;
				try {
					status = client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
				}
				catch (java.io.IOException ex) {
					status = -1;
				}
				if (Instant.now().isAfter(notAfter.plusMillis(500))) {
					afterExpiry = status;
				}
			}
			assertThat(TlsClient.presenting(shortLived, this.pki.root()).httpClient()
				.sendAsync(request, HttpResponse.BodyHandlers.ofString())
				.handle((response, ex) -> (response != null) ? response.statusCode() : -1)
				.get()).isNotEqualTo(200);
			assertThat(afterExpiry).isNotEqualTo(200);
		}
	}

}
