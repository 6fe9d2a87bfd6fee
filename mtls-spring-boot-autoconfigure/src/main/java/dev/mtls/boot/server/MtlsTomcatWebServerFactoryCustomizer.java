package dev.mtls.boot.server;

import java.security.Provider;
import java.time.Duration;
import java.util.function.Supplier;

import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.JsseEngines;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.NettyTlsEngines;
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
 * {@code management.server.ssl.*}), with the engine {@code mtls.server.engine} names. {@code auto}
 * is the JDK's on Tomcat: OpenSSL there is opt-in.
 *
 * @author mtls-spring-boot
 */
final class MtlsTomcatWebServerFactoryCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

	private static final Log logger = LogFactory.getLog(MtlsTomcatWebServerFactoryCustomizer.class);

	private static final String PROPERTY = ServerSettings.ENGINE;

	private final MtlsMaterial material;

	private final ClientAuth clientAuth;

	private final Duration sessionTimeout;

	private final TlsEngine engine;

	MtlsTomcatWebServerFactoryCustomizer(MtlsMaterial material, ClientAuth clientAuth, Duration sessionTimeout,
			TlsEngine engine) {
		this.material = material;
		this.clientAuth = clientAuth;
		this.sessionTimeout = sessionTimeout;
		this.engine = engine;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		Ssl ssl = factory.getSsl();
		if (Ssl.isEnabled(ssl) && MtlsMaterial.BUNDLE_NAME.equals(ssl.getBundle())) {
			Supplier<TomcatEngines> engines = (this.engine == TlsEngine.OPENSSL) ? openSsl(factory) : jsse();
			factory.addConnectorCustomizers(new MtlsTomcatConnectorCustomizer(this.material, engines));
		}
	}

	private Supplier<TomcatEngines> jsse() {
		Provider provider = JsseEngines.provider(this.engine, PROPERTY);
		logger.info("mTLS server TLS engine: " + JsseEngines.describe(provider));
		return () -> TomcatEngines.jsse(this.material, provider, this.sessionTimeout);
	}

	private Supplier<TomcatEngines> openSsl(TomcatWebServerFactory factory) {
		ServerSettings.requireTomcatOpenSsl(factory.getHttp2() != null && factory.getHttp2().isEnabled());
		logger.info("mTLS server TLS engine: " + NettyTlsEngines.describe(NettyTlsEngines.provider(this.engine, PROPERTY)));
		return () -> new OpenSslTomcatEngines(this.material, this.clientAuth, this.sessionTimeout);
	}

	@Override
	public int getOrder() {
		return MtlsWebServerFactoryCustomizer.ORDER + 1;
	}

}
