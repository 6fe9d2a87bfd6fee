package dev.mtls.boot.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reactor Netty server tests again on BoringSSL ({@code mtls.server.engine=openssl}, with
 * netty-tcnative-boringssl-static on the test class path): the same handshakes, refusals,
 * principals, grants and peers we did not write (curl, openssl).
 */
class NettyOpenSslMutualTlsServerIntegrationTests extends NettyMutualTlsServerIntegrationTests {

	@Override
	String[] serverArguments() {
		return new String[] { "--mtls.server.engine=openssl" };
	}

	@Override
	@Test
	void usesTheEngineItIsToldTo(CapturedOutput output) {
		assertThat(output).contains("mTLS server TLS engine: OpenSSL (BoringSSL)");
	}

}
