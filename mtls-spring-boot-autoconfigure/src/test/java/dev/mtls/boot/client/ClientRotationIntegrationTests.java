package dev.mtls.boot.client;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.SecretVolume;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

/**
 * After the identity rotates, the next request of an auto-configured client presents the new
 * certificate: not the old one on a pooled connection, nor on a new connection that resumes a TLS
 * session of the old identity. One server keeps connections alive (pooling), the other closes
 * each one after a response (so only session resumption could carry the old identity).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientRotationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private Path directory;

	private TestPki pki;

	private RunningPeer keepAlive;

	private RunningPeer closing;

	@BeforeAll
	void start(@TempDir Path directory) {
		this.directory = directory;
		this.pki = new TestPki(this.directory);
		this.keepAlive = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "keep-alive",
				this.pki.server("server"));
		this.closing = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "closing", this.pki.server("server"),
				"--server.tomcat.max-keep-alive-requests=1");
	}

	@AfterAll
	void stop() {
		this.keepAlive.close();
		this.closing.close();
	}

	@ParameterizedTest(name = "{0} on {1}")
	@CsvSource({ "RestClient, spring.http.clients.imperative.factory=jdk",
			"RestClient, spring.http.clients.imperative.factory=reactor",
			"RestTemplate, spring.http.clients.imperative.factory=jdk",
			"RestTemplate, spring.http.clients.imperative.factory=reactor",
			"WebClient, mtls.client.engine=jdk", "WebClient, mtls.client.engine=openssl",
			"WebClient, spring.http.clients.reactive.connector=jdk" })
	void nextRequestAfterRotationPresentsTheNewIdentity(String client, String setting) throws Exception {
		SecretVolume volume = new SecretVolume(this.directory.resolve("secret-" + client + "-" + setting.hashCode()));
		IssuedCertificate first = this.pki.server("client");
		volume.write(secret(first));
		try (RunningPeer app = RunningPeer.startWith(WebApplicationType.SERVLET,
				"--mtls.identity.certificate=file:" + volume.file("tls.crt"),
				"--mtls.identity.private-key=file:" + volume.file("tls.key"),
				"--mtls.trust.certificates=file:" + volume.file("ca.crt"), "--mtls.reload.quiet-period=100ms",
				"--" + setting)) {
			Function<RunningPeer, String> peer = client(client, app.context());
			// Twice each: the second request runs on a pooled connection or a resumed session.
			for (int i = 0; i < 2; i++) {
				assertThat(peer.apply(this.keepAlive)).endsWith(serial(first));
				assertThat(peer.apply(this.closing)).endsWith(serial(first));
			}
			IssuedCertificate second = this.pki.server("client");
			volume.write(secret(second));
			MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
			BigInteger expected = second.certificate().getSerialNumber();
			await().atMost(WAIT).until(() -> expected.equals(material.identity().certificate().getSerialNumber()));
			assertSoftly((softly) -> {
				softly.assertThat(peer.apply(this.keepAlive)).as("pooled connection").endsWith(serial(second));
				softly.assertThat(peer.apply(this.closing)).as("new connection").endsWith(serial(second));
			});
		}
	}

	private static Function<RunningPeer, String> client(String client, ApplicationContext context) {
		return switch (client) {
			case "RestClient" -> {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				yield (server) -> restClient.get().uri(url(server)).retrieve().body(String.class);
			}
			case "RestTemplate" -> {
				RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).build();
				yield (server) -> restTemplate.getForObject(url(server), String.class);
			}
			default -> {
				WebClient webClient = context.getBean(WebClient.Builder.class).build();
				yield (server) -> webClient.get().uri(url(server)).retrieve().bodyToMono(String.class).block();
			}
		};
	}

	private static String url(RunningPeer server) {
		return "https://localhost:" + server.port() + "/peer";
	}

	private static String serial(IssuedCertificate certificate) {
		return " " + certificate.certificate().getSerialNumber().toString(16);
	}

	private Map<String, String> secret(IssuedCertificate identity) {
		return Map.of("tls.crt", identity.chainPem(), "tls.key", identity.privateKeyPem(), "ca.crt",
				this.pki.root().certificatePem());
	}

}
