package dev.mtls.boot.server;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

import dev.mtls.boot.core.MtlsMaterial;
import org.apache.tomcat.util.net.SSLContext;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;

/**
 * Tomcat's view of the material: engines from {@link TomcatEngines}, certificates from the
 * bundle's swappable managers.
 *
 * @author mtls-spring-boot
 */
final class TomcatSslContext implements SSLContext {

	private final TomcatEngines engines;

	private final KeyManager[] keyManagers;

	private final TrustManager[] trustManagers;

	private final Consumer<SSLException> failures;

	TomcatSslContext(MtlsMaterial material, TomcatEngines engines, Consumer<SSLException> failures) {
		SslBundle bundle = material.bundle();
		this.engines = engines;
		this.failures = failures;
		this.keyManagers = bundle.getManagers().getKeyManagers();
		this.trustManagers = bundle.getManagers().getTrustManagers();
	}

	@Override
	public void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr) {
		// Already initialised from the bundle; Tomcat does not call this for a provided context.
	}

	@Override
	public void destroy() {
	}

	@Override
	public SSLSessionContext getServerSessionContext() {
		return this.engines.sessionContext();
	}

	@Override
	public SSLEngine createSSLEngine() {
		return new ObservedSslEngine(this.engines.create(), this.failures);
	}

	@Override
	public SSLServerSocketFactory getServerSocketFactory() {
		// Only for blocking connectors, which Tomcat no longer has.
		throw new UnsupportedOperationException();
	}

	@Override
	public SSLParameters getSupportedSSLParameters() {
		return this.engines.supportedParameters();
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(String alias) {
		for (KeyManager keyManager : this.keyManagers) {
			if (keyManager instanceof X509KeyManager x509) {
				return x509.getCertificateChain(alias);
			}
		}
		return null;
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		for (TrustManager trustManager : this.trustManagers) {
			if (trustManager instanceof X509TrustManager x509) {
				return x509.getAcceptedIssuers();
			}
		}
		return new X509Certificate[0];
	}

}
