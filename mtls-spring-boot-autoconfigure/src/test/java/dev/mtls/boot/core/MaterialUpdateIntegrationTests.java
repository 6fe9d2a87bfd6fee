package dev.mtls.boot.core;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

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

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void bootsChainExpiryFollowsEverySwapWhileTheServerKeepsTheStartersTrustManager(WebApplicationType type,
			@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		IssuedCertificate first = pki.server("app");
		try (RunningPeer app = RunningPeer.start(type, pki, "app", first)) {
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(chainExpirySerials(registry)).contains(first.certificate().getSerialNumber().toString(16));
			IssuedCertificate renewed = pki.server("app-renewed");
			MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
			material.update(new Material(new Identity(renewed.chain(), renewed.privateKey()), material.trust()));
			assertThat(chainExpirySerials(registry)).contains(renewed.certificate().getSerialNumber().toString(16))
				.doesNotContain(first.certificate().getSerialNumber().toString(16));
			assertThat(serverCertificate(pki, app.port())).isEqualTo(renewed.certificate());
			// The server still verifies through the starter: a stranger is refused and counted.
			IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
			assertThatException().isThrownBy(() -> TlsClient.presenting(pki.client("stranger", otherCa), pki.root())
				.get(app.port(), "/whoami"));
			assertThat(registry.find("mtls.handshake.failures")
				.tag("reason", "untrusted")
				.counters()
				.stream()
				.mapToDouble(Counter::count)
				.sum()).isPositive();
			assertThat(TlsClient.presenting(pki.client("orders"), pki.root()).get(app.port(), "/whoami").statusCode())
				.isEqualTo(200);
		}
	}

	private static List<String> chainExpirySerials(MeterRegistry registry) {
		return registry.find("ssl.chain.expiry")
			.tag("bundle", MtlsMaterial.BUNDLE_NAME)
			.tag("source", "keystore")
			.gauges()
			.stream()
			.map((gauge) -> gauge.getId().getTag("certificate"))
			.toList();
	}

	private static X509Certificate serverCertificate(TestPki pki, int port) throws Exception {
		TlsClient client = TlsClient.presenting(pki.client("probe"), pki.root());
		try (SSLSocket socket = (SSLSocket) client.sslContext().getSocketFactory().createSocket("localhost", port)) {
			socket.startHandshake();
			return (X509Certificate) List.of(socket.getSession().getPeerCertificates()).get(0);
		}
	}

}
