package dev.mtls.boot.server;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutual TLS handshakes against embedded Reactor Netty.
 */
class NettyMutualTlsServerIntegrationTests extends AbstractMutualTlsServerIntegrationTests {

	@Override
	WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

	@Override
	String[] serverArguments() {
		return new String[] { "--mtls.server.engine=jdk" };
	}

	@Test
	void usesTheEngineItIsToldTo(CapturedOutput output) {
		assertThat(output).contains("mTLS server TLS engine: JDK");
	}

	@Test
	void logsTheAddressOfRefusedClients(CapturedOutput output) {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		assertRefused(as(this.pki.client("addressed", otherCa)));
		assertThat(output).containsPattern("refused client certificate from /127\\.0\\.0\\.1:\\d+: subject=\"CN=addressed\"");
	}

}
