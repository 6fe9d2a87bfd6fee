package dev.mtls.boot.server;

import java.security.Provider;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;

import dev.mtls.boot.core.JsseEngines;
import dev.mtls.boot.core.MtlsMaterial;

import org.jspecify.annotations.Nullable;

/**
 * Where a Tomcat connector's TLS engines come from: a JSSE context (the JDK's or Bouncy Castle's)
 * or OpenSSL through Netty ({@link OpenSslTomcatEngines}).
 *
 * @author mtls-spring-boot
 */
interface TomcatEngines {

	SSLEngine create();

	SSLSessionContext sessionContext();

	SSLParameters supportedParameters();

	/**
	 * Engines from a JSSE context over the material's swappable managers.
	 * @param material the material
	 * @param provider the JSSE provider, or {@code null} for the JDK's
	 * @param sessionTimeout how long sessions and TLS 1.3 tickets may be resumed
	 * @return the engines
	 */
	static TomcatEngines jsse(MtlsMaterial material, @Nullable Provider provider, Duration sessionTimeout) {
		SSLContext context = JsseEngines.sslContext(material, provider);
		// Tomcat configures the session cache only for contexts it builds itself.
		context.getServerSessionContext().setSessionTimeout((int) sessionTimeout.toSeconds());
		return new TomcatEngines() {

			@Override
			public SSLEngine create() {
				return context.createSSLEngine();
			}

			@Override
			public SSLSessionContext sessionContext() {
				return context.getServerSessionContext();
			}

			@Override
			public SSLParameters supportedParameters() {
				return context.getSupportedSSLParameters();
			}

		};
	}

}
