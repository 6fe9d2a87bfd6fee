package dev.mtls.boot.crypto;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real mTLS handshake with a server started with {@code mtls.crypto.provider=accp} runs on Amazon
 * Corretto Crypto Provider: the JDK's own JFR event for each provider service JSSE asks the JCA for
 * ({@code jdk.SecurityProviderService}) shows the server's threads getting their ECDSA signatures, ECDH
 * key agreement and AES-GCM ciphers from ACCP, and none from SunEC or SunJCE. Without ACCP installed the same handshake
 * gets them from SunEC and SunJCE. Runs in a JVM of its own: the provider order is JVM-wide.
 */
class AccpHandshakeIntegrationTests {

	// -Dtest=... overrides the executions' includes: elsewhere than in the accp executions ACCP is absent.
	@BeforeAll
	static void accpOnTheClassPath() {
		assumeTrue(Accp.find().present(), "Amazon Corretto Crypto Provider is on this JVM's class path");
	}

	@TempDir
	Path directory;

	@Test
	void serverHandshakesRunOnAccp() throws Exception {
		TestPki pki = new TestPki(this.directory);
		TlsClient client = TlsClient.presenting(pki.client("client"), pki.root());
		Path file = this.directory.resolve("providers.jfr");
		try (RunningPeer server = RunningPeer.start(WebApplicationType.SERVLET, pki, "server", pki.server("server"),
				"--mtls.crypto.provider=accp"); Recording recording = new Recording()) {
			recording.enable("jdk.SecurityProviderService");
			recording.start();
			for (int i = 0; i < 2; i++) {
				assertThat(client.get(server.port(), "/whoami").statusCode()).isEqualTo(200);
			}
			recording.stop();
			recording.dump(file);
		}
		Map<String, List<String>> served = serverSide(RecordingFile.readAllEvents(file));
		assertThat(served.get("Signature SHA256withECDSA")).containsOnly(Accp.NAME);
		assertThat(served.get("Cipher AES/GCM/NoPadding")).containsOnly(Accp.NAME);
		// The accp failsafe execution offers P-256 first (jdk.tls.namedGroups): ACCP has no X25519.
		assertThat(served.get("KeyAgreement ECDH")).containsOnly(Accp.NAME);
	}

	// Who served each service requested on the server's threads (Tomcat's https-jsse-nio-*): the test's
	// client, in this JVM too, asks on its own.
	private static Map<String, List<String>> serverSide(List<RecordedEvent> events) {
		return events.stream()
			.filter((event) -> event.getThread() != null && event.getThread().getJavaName().startsWith("https-"))
			.collect(Collectors.groupingBy((event) -> event.getString("type") + " " + event.getString("algorithm"),
					Collectors.mapping((event) -> event.getString("provider"), Collectors.toList())));
	}

}
