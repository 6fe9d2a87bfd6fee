package dev.mtls.boot.server;

import org.springframework.boot.WebApplicationType;

/**
 * Mutual TLS handshakes against embedded Reactor Netty.
 */
class NettyMutualTlsServerIntegrationTests extends AbstractMutualTlsServerIntegrationTests {

	@Override
	WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
