package dev.mtls.boot.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.BadServer;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every refusal reason is counted by real handshakes, on the server (Tomcat and Netty) and on the
 * clients; Actuator shows health, the mtls endpoint, and audit events.
 */
class ObservabilityIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void countsEveryReasonOnServerAndClientAndShowsActuator(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		IssuedCertificate revokedClient = pki.client("revoked");
		IssuedCertificate revokedServer = pki.server("revoked-server");
		Path crl = Files.writeString(directory.resolve("root.crl"),
				TestPki.crl(pki.root(), Duration.ofDays(1), revokedClient, revokedServer));
		try (RunningPeer app = RunningPeer.start(type, pki, "app", pki.server("app"), "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + crl, "--mtls.revocation.check-servers=true",
				"--management.server.port=0", "--management.endpoints.web.exposure.include=health,mtls",
				"--management.endpoint.health.show-details=always", "--test.audit=true",
				"--spring.main.allow-bean-definition-overriding=true")) {
			IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
			Map<String, TlsClient> refusedClients = Map.of("expired", as(pki, pki.expiredClient("c")), "not-yet-valid",
					as(pki, pki.notYetValidClient("c")), "untrusted", as(pki, pki.client("c", otherCa)), "revoked",
					as(pki, revokedClient), "bad-usage", as(pki, pki.serverOnlyClient("c")), "no-certificate",
					TlsClient.anonymous(pki.root()), "other", as(pki, pki.client("c", pki.intermediate())));
			for (Map.Entry<String, TlsClient> client : refusedClients.entrySet()) {
				assertThatExceptionOfType(IOException.class).as(client.getKey())
					.isThrownBy(() -> client.getValue().get(app.port(), "/whoami"));
			}
			Instant past = Instant.now().minus(Duration.ofDays(10));
			Map<String, IssuedCertificate> badServers = Map.of("expired",
					localhost(pki).validity(past, past.plus(Duration.ofDays(1))).issue(), "not-yet-valid",
					localhost(pki).validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)))
						.issue(),
					"untrusted", new CertificateBuilder().subject("CN=localhost").dns("localhost").issuedBy(otherCa).issue(),
					"revoked", revokedServer, "bad-usage", localhost(pki).clientOnly().issue(), "other",
					new CertificateBuilder().subject("CN=other.example").dns("other.example").issuedBy(pki.root()).issue());
			WebClient client = app.context().getBean(WebClient.Builder.class).build();
			for (Map.Entry<String, IssuedCertificate> bad : badServers.entrySet()) {
				try (BadServer server = BadServer.presenting(bad.getValue())) {
					assertThatException().as(bad.getKey())
						.isThrownBy(() -> client.get()
							.uri("https://localhost:" + server.port() + "/")
							.retrieve()
							.bodyToMono(String.class)
							.block());
				}
			}
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			for (String reason : refusedClients.keySet()) {
				assertThat(failures(registry, reason, "server")).as("server %s", reason).isGreaterThanOrEqualTo(1);
			}
			for (String reason : badServers.keySet()) {
				assertThat(failures(registry, reason, "client")).as("client %s", reason).isGreaterThanOrEqualTo(1);
			}
			assertThat(failures(registry, "no-certificate", "client")).isZero();

			assertThat(as(pki, pki.client("orders")).get(app.port(), "/whoami").statusCode()).isEqualTo(200);
			assertThat(registry.get("mtls.authentications").tag("outcome", "success").counter().count()).isOne();
			assertThat(app.context().getBean(AuditEventRepository.class).find(TestPki.spiffeId("orders"), null, null))
				.extracting("type")
				.containsExactly("AUTHENTICATION_SUCCESS");
			assertThat(registry.get("mtls.certificate.expiry").tag("type", "identity").gauge().value())
				.isBetween(Duration.ofDays(364).toSeconds() * 1.0, Duration.ofDays(366).toSeconds() * 1.0);

			String management = "http://localhost:" + app.context().getEnvironment().getProperty("local.management.port");
			String health = http("GET", management + "/actuator/health/mtls");
			assertThat(health).contains("\"status\":\"UP\"").contains("\"subject\":\"CN=app\"").contains("\"expiresIn\"")
				.contains("\"trustAnchors\":{\"count\":1").contains("\"mode\":\"crl\"");
			String endpoint = http("GET", management + "/actuator/mtls");
			assertThat(endpoint).contains("\"sha256Fingerprint\"").contains("URI:" + TestPki.spiffeId("app"))
				.contains("\"principal\":\"spiffe-id-or-cn\"")
				.contains("\"refusals\":[")
				.contains("\"subject\":\"CN=c\",\"issuer\":\"CN=Other CA\"")
				.contains("\"reason\":\"untrusted\"")
				.contains("\"reason\":\"no-certificate\"");
			String reload = http("POST", management + "/actuator/mtls");
			assertThat(reload).contains("\"serial\"").contains("\"error\":null");
			assertThat(registry.get("mtls.reloads").tag("outcome", "success").counter().count()).isOne();
		}
	}

	private static CertificateBuilder localhost(TestPki pki) {
		return new CertificateBuilder().subject("CN=localhost").dns("localhost").issuedBy(pki.root());
	}

	private static TlsClient as(TestPki pki, IssuedCertificate client) {
		return TlsClient.presenting(client, pki.root());
	}

	private static double failures(MeterRegistry registry, String reason, String side) {
		return registry.get("mtls.handshake.failures").tag("reason", reason).tag("side", side).counter().count();
	}

	private static String http(String method, String url) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url + ": " + response.body()).isLessThan(300);
		return response.body();
	}

}
