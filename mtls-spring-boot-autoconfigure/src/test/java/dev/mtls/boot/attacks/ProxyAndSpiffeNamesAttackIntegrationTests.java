package dev.mtls.boot.attacks;

import java.nio.file.Path;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Attacks: names an attacker can choose where its CA lets it choose a subject.
 */
class ProxyAndSpiffeNamesAttackIntegrationTests {

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate admin;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.admin = this.pki.client("admin-1");
		// The real proxy has a SPIFFE ID and the CN "edge-proxy"; the impostor only the CN.
		this.pki.write("edge-proxy", this.pki.client("edge-proxy"));
		this.pki.write("cn-proxy", new CertificateBuilder().subject("CN=edge-proxy").issuedBy(this.pki.root()).issue());
		this.pki.write("orders", this.pki.client("orders"));
	}

	/**
	 * trusted-proxy-peers written as a common name would make any certificate from the CA with that
	 * CN the trusted proxy: startup refuses it, naming the entry.
	 */
	@Test
	void aTrustedProxyPeerNamedByCommonNameFailsStartup() {
		assertThatException().isThrownBy(() -> AttackedApplication
			.start(WebApplicationType.SERVLET, this.pki, "app", this.pki.server("app"), "--mtls.proxy.enabled=true",
					"--mtls.proxy.header=X-Client-Cert", "--mtls.proxy.format=pem-url-encoded",
					"--mtls.proxy.trusted-proxy-peers=edge-proxy", "--mtls.principal=cn")
			.close()).withStackTraceContaining("mtls.proxy.trusted-proxy-peers 'edge-proxy'")
			.withStackTraceContaining("never a common name");
		assertThatException().isThrownBy(() -> AttackedApplication
			.start(WebApplicationType.SERVLET, this.pki, "app", this.pki.server("app"), "--mtls.proxy.enabled=true",
					"--mtls.proxy.header=X-Client-Cert", "--mtls.proxy.format=pem-url-encoded",
					"--mtls.proxy.trusted-proxy-peers=edge-proxy")
			.close()).withStackTraceContaining("mtls.proxy.trusted-proxy-peers 'edge-proxy'");
	}

	@Test
	void spiffeIdSpellingsDoNotMatchGrantsTheyShouldNot() {
		String[][] spellings = { { "dot", "spiffe://test.example./ns/test/sa/admin-1" },
				{ "upper", "spiffe://TEST.example/ns/test/sa/admin-1" },
				{ "percent", "spiffe://test.example/ns/test/sa/admin-%31" },
				{ "dotdot", "spiffe://test.example/ns/test/sa/x/../admin-1" },
				{ "slash", "spiffe://test.example/ns/test/sa/admin-1/" },
				{ "port", "spiffe://test.example:443/ns/test/sa/admin-1" },
				{ "user", "spiffe://u@test.example/ns/test/sa/admin-1" } };
		for (String[] spelling : spellings) {
			this.pki.write(spelling[0],
					new CertificateBuilder().subject("CN=x").uri(spelling[1]).issuedBy(this.pki.root()).issue());
		}
		try (AttackedApplication app = AttackedApplication.start(WebApplicationType.SERVLET, this.pki, "app", this.pki.server("app"),
				"--test.custom-chain=true")) {
			for (String[] spelling : spellings) {
				String answer = Curl.trusting(this.pki).as(spelling[0]).get(app.port(), "/admin");
				assertThat(answer).as(spelling[1]).doesNotStartWith("200 ");
			}
			this.pki.write("admin-1", this.admin);
			assertThat(Curl.trusting(this.pki).as("admin-1").get(app.port(), "/admin")).isEqualTo("200 admin");
		}
	}

}
