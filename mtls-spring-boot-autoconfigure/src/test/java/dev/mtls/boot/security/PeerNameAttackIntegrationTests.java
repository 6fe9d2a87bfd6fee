package dev.mtls.boot.security;

import java.nio.file.Path;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A certificate from the trusted CA whose subject the requester chose: a common name that spells a
 * SPIFFE ID is neither that workload nor a trusted proxy, and two SPIFFE IDs are none. Each
 * refusal has a genuine twin on the same instance.
 */
class PeerNameAttackIntegrationTests {

	private static final String PROXY = TestPki.spiffeId("edge-proxy");

	@TempDir
	Path directory;

	private TestPki pki;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.pki.write("edge-proxy", this.pki.client("edge-proxy"));
		this.pki.write("orders", this.pki.client("orders"));
		// No URI SAN: only the common name says "proxy".
		this.pki.write("spelled-proxy",
				new CertificateBuilder().subject("CN=" + PROXY).issuedBy(this.pki.root()).issue());
		this.pki.write("two-ids", new CertificateBuilder().subject("CN=two")
			.uri(TestPki.spiffeId("orders"))
			.uri(TestPki.spiffeId("admin-1"))
			.issuedBy(this.pki.root())
			.issue());
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aCommonNameThatSpellsASpiffeIdIsNoPrincipal(WebApplicationType type) {
		try (RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"))) {
			assertThat(Curl.trusting(this.pki).as("spelled-proxy").get(app.port(), "/whoami"))
				.startsWith("401 ")
				.contains("common name that spells a SPIFFE ID");
			assertThat(Curl.trusting(this.pki).as("two-ids").get(app.port(), "/whoami")).startsWith("401 ")
				.contains("more than one SPIFFE ID");
			assertThat(Curl.trusting(this.pki).as("edge-proxy").get(app.port(), "/whoami"))
				.startsWith("200 ")
				.contains(PROXY);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aCommonNameThatSpellsTheProxysSpiffeIdIsNoTrustedProxy(WebApplicationType type) {
		IssuedCertificate admin = this.pki.client("admin-1");
		try (RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"),
				"--mtls.proxy.enabled=true", "--mtls.proxy.header=X-Client-Cert", "--mtls.proxy.format=pem-url-encoded",
				"--mtls.proxy.trusted-proxy-peers=" + PROXY)) {
			String attack = Curl.trusting(this.pki)
				.as("spelled-proxy")
				.header("X-Client-Cert: " + Curl.escaped(admin))
				.get(app.port(), "/peer");
			assertThat(attack).startsWith("401 ");
			assertThat(forwarded(app, "untrusted-source")).isOne();
			String proxied = Curl.trusting(this.pki)
				.as("edge-proxy")
				.header("X-Client-Cert: " + Curl.escaped(admin))
				.get(app.port(), "/peer");
			assertThat(proxied).startsWith("200 " + TestPki.spiffeId("admin-1") + " ");
		}
	}

	private static double forwarded(RunningPeer app, String outcome) {
		return app.context()
			.getBean(MeterRegistry.class)
			.get("mtls.proxy.forwarded")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

}
