package dev.mtls.boot.server;

import org.springframework.boot.WebApplicationType;

/**
 * Mutual TLS handshakes against embedded Tomcat.
 */
class TomcatMutualTlsServerIntegrationTests extends AbstractMutualTlsServerIntegrationTests {

	@Override
	WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
