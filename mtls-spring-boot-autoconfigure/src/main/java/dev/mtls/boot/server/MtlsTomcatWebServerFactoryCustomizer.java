package dev.mtls.boot.server;

import java.time.Duration;

import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Adds {@link MtlsTomcatConnectorCustomizer} to a Tomcat factory that serves the
 * {@value MtlsMaterial#BUNDLE_NAME} bundle (and to no other, e.g. a management server with its own
 * {@code management.server.ssl.*}).
 *
 * @author mtls-spring-boot
 */
final class MtlsTomcatWebServerFactoryCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

	private final MtlsMaterial material;

	private final Duration sessionTimeout;

	MtlsTomcatWebServerFactoryCustomizer(MtlsMaterial material, Duration sessionTimeout) {
		this.material = material;
		this.sessionTimeout = sessionTimeout;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		Ssl ssl = factory.getSsl();
		if (Ssl.isEnabled(ssl) && MtlsMaterial.BUNDLE_NAME.equals(ssl.getBundle())) {
			factory.addConnectorCustomizers(new MtlsTomcatConnectorCustomizer(this.material, this.sessionTimeout));
		}
	}

	@Override
	public int getOrder() {
		return MtlsWebServerFactoryCustomizer.ORDER + 1;
	}

}
