package dev.mtls.boot.client;

import java.nio.file.Path;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The WebClient's Reactor Netty connector runs on the engine {@code mtls.client.engine} names (JDK
 * or BoringSSL), presenting the identity and verifying host names on both. Each client runs in its
 * own application context (closing it shuts Reactor Netty's shared resources down).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientEngineIntegrationTests {

	private TestPki pki;

	private RunningPeer server;

	private RunningPeer otherHost;

	@BeforeAll
	void start(@TempDir Path directory) {
		this.pki = new TestPki(directory);
		this.server = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "server", this.pki.server("server"));
		this.otherHost = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "other",
				new CertificateBuilder().subject("CN=other.example")
					.dns("other.example")
					.issuedBy(this.pki.root())
					.issue());
	}

	@AfterAll
	void stop() {
		this.server.close();
		this.otherHost.close();
	}

	@ParameterizedTest
	@CsvSource({ "jdk, sun.security.ssl.SSLEngineImpl", "openssl, ReferenceCountedOpenSslEngine" })
	void webClientUsesTheEngineItIsToldTo(String engine, String engineFrame) {
		try (RunningPeer client = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "client",
				this.pki.server("client"), "--mtls.client.engine=" + engine)) {
			WebClient webClient = client.context().getBean(WebClient.Builder.class).build();
			String body = webClient.get().uri(url(this.server)).retrieve().bodyToMono(String.class).block();
			assertThat(body).contains("\"principal\":\"" + TestPki.spiffeId("client") + "\"");
			// Host names are still verified, and the refusal comes from the engine asked for.
			assertThatException()
				.isThrownBy(() -> webClient.get().uri(url(this.otherHost)).retrieve().bodyToMono(String.class).block())
				.withStackTraceContaining(engineFrame);
		}
	}

	private static String url(RunningPeer peer) {
		return "https://localhost:" + peer.port() + "/whoami";
	}

}
