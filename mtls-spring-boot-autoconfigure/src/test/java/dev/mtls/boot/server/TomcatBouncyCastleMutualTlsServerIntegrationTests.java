package dev.mtls.boot.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tomcat server tests again on Bouncy Castle's JSSE ({@code mtls.server.engine=bouncycastle}):
 * the same handshakes, refusals, principals, grants and peers we did not write (curl, openssl).
 */
class TomcatBouncyCastleMutualTlsServerIntegrationTests extends TomcatMutualTlsServerIntegrationTests {

	@Override
	String[] serverArguments() {
		return new String[] { "--mtls.server.engine=bouncycastle" };
	}

	@Test
	void usesTheEngineItIsToldTo(CapturedOutput output) {
		assertThat(output).contains("mTLS server TLS engine: Bouncy Castle JSSE");
	}

}
