package dev.mtls.boot.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tomcat server tests again on BoringSSL through Netty ({@code mtls.server.engine=openssl}):
 * the same handshakes, refusals, principals, grants and peers we did not write (curl, openssl).
 */
class TomcatOpenSslMutualTlsServerIntegrationTests extends TomcatMutualTlsServerIntegrationTests {

	@Override
	String[] serverArguments() {
		return new String[] { "--mtls.server.engine=openssl" };
	}

	@Test
	void usesTheEngineItIsToldTo(CapturedOutput output) {
		assertThat(output).contains("mTLS server TLS engine: OpenSSL (BoringSSL");
	}

}
