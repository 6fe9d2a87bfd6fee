package dev.mtls.boot.server;

import java.security.Provider;
import java.time.Duration;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.JsseEngines;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.TlsEngine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private static final Log logger = LogFactory.getLog(MtlsTomcatWebServerFactoryCustomizer.class);

	private final MtlsMaterial material;

	private final Duration sessionTimeout;

	private final TlsEngine engine;

	MtlsTomcatWebServerFactoryCustomizer(MtlsMaterial material, Duration sessionTimeout, TlsEngine engine) {
		this.material = material;
		this.sessionTimeout = sessionTimeout;
		this.engine = engine;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		Ssl ssl = factory.getSsl();
		if (Ssl.isEnabled(ssl) && MtlsMaterial.BUNDLE_NAME.equals(ssl.getBundle())) {
			if (this.engine == TlsEngine.OPENSSL) {
				throw ConfigurationProblem.of("mtls.server.engine", "openssl",
						"the OpenSSL engine is for Reactor Netty; this application's server is Tomcat.",
						"Set mtls.server.engine to jdk, bouncycastle (with bctls-jdk18on on the classpath) or auto.");
			}
			Provider provider = JsseEngines.provider(this.engine, "mtls.server.engine");
			logger.info("mTLS server TLS engine: " + JsseEngines.describe(provider));
			factory.addConnectorCustomizers(new MtlsTomcatConnectorCustomizer(this.material, this.sessionTimeout, provider));
		}
	}

	@Override
	public int getOrder() {
		return MtlsWebServerFactoryCustomizer.ORDER + 1;
	}

}
