package dev.mtls.boot.server;

import java.util.function.Supplier;

import dev.mtls.boot.core.MtlsMaterial;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Hands Tomcat an SSL context built from the bundle's key and trust managers. Tomcat would
 * otherwise build its own from the bundle's key stores (spring-boot#51146) and bypass the
 * swappable managers that every other server and client reads through.
 *
 * @author mtls-spring-boot
 */
final class MtlsTomcatConnectorCustomizer implements TomcatConnectorCustomizer {

	private final MtlsMaterial material;

	private final Supplier<TomcatEngines> engines;

	MtlsTomcatConnectorCustomizer(MtlsMaterial material, Supplier<TomcatEngines> engines) {
		this.material = material;
		this.engines = engines;
	}

	@Override
	public void customize(Connector connector) {
		if (!(connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol)) {
			return;
		}
		for (SSLHostConfig host : protocol.findSslHostConfigs()) {
			for (SSLHostConfigCertificate certificate : host.getCertificates()) {
				certificate.setSslContext(new TomcatSslContext(this.material, this.engines.get(),
						(failure) -> this.material.handshakeFailedOutsideTrustManager("server", null, failure)));
			}
		}
	}

}
