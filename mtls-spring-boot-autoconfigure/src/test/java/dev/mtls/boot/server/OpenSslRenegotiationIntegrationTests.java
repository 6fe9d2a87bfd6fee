package dev.mtls.boot.server;

import java.nio.file.Path;

import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers on the OpenSSL engine refuse client-initiated TLS 1.2 renegotiation (BoringSSL never
 * renegotiates as a server), as OpenSSL's {@code s_client} sees it, beside a request of the same
 * client that gets in. The JDK engine renegotiates unless the JVM-wide
 * {@code jdk.tls.rejectClientInitiatedRenegotiation} property says otherwise ({@code docs/security.md}).
 */
class OpenSslRenegotiationIntegrationTests {

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0} on {1}")
	@CsvSource({ "SERVLET, openssl", "REACTIVE, openssl" })
	void refusesClientInitiatedRenegotiation(WebApplicationType type, String engine) {
		try (RunningPeer app = start(type, engine)) {
			String request = "printf 'GET /whoami HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n'";
			assertThat(sClient(app, "-tls1_2 -ign_eof < <(" + request + "; sleep 2)"))
				.contains("\"principal\":\"" + TestPki.spiffeId("client") + "\"");
			assertThat(sClient(app, "-tls1_2 < <(printf 'R\\n'; sleep 2; " + request + "; sleep 2)"))
				.contains("RENEGOTIATING")
				.contains("no renegotiation")
				.doesNotContain("\"principal\"");
		}
	}

	private RunningPeer start(WebApplicationType type, String engine) {
		TestPki pki = new TestPki(this.directory);
		pki.write("client", pki.client("client"));
		pki.writeCertificates("ca.crt", pki.root());
		return RunningPeer.start(type, pki, "app", pki.server("app"), "--mtls.server.engine=" + engine);
	}

	private String sClient(RunningPeer app, String arguments) {
		Path directory = this.directory;
		return Command.run("bash", "-c", "timeout 20 openssl s_client -connect localhost:" + app.port() + " -CAfile "
				+ directory.resolve("ca.crt") + " -cert " + directory.resolve("client.crt") + " -key "
				+ directory.resolve("client.key") + " " + arguments)
			.output();
	}

}
