package dev.mtls.boot.core;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation of rotation: one update of {@link MtlsMaterial} reaches the running server (Tomcat
 * and Netty, no restart) and clients that were built before it.
 */
class MaterialUpdateIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void updateReachesServerAndExistingClients(WebApplicationType type, @TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = RunningPeer.start(type, pki, "app", pki.server("app"))) {
			WebClient builtBefore = app.context().getBean(WebClient.Builder.class).build();
			IssuedCertificate renewed = pki.server("app-renewed");
			MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
			material.update(new Material(new Identity(renewed.chain(), renewed.privateKey()), material.trust()));
			assertThat(serverCertificate(pki, app.port())).isEqualTo(renewed.certificate());
			String whoami = builtBefore.get()
				.uri("https://localhost:" + app.port() + "/whoami")
				.retrieve()
				.bodyToMono(String.class)
				.block();
			assertThat(whoami).contains(TestPki.spiffeId("app-renewed"));
		}
	}

	private static X509Certificate serverCertificate(TestPki pki, int port) throws Exception {
		TlsClient client = TlsClient.presenting(pki.client("probe"), pki.root());
		try (SSLSocket socket = (SSLSocket) client.sslContext().getSocketFactory().createSocket("localhost", port)) {
			socket.startHandshake();
			return (X509Certificate) List.of(socket.getSession().getPeerCertificates()).get(0);
		}
	}

}
