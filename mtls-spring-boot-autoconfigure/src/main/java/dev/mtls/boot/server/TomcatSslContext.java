package dev.mtls.boot.server;

import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
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

import dev.mtls.boot.core.JsseEngines;
import dev.mtls.boot.core.MtlsMaterial;
import org.apache.tomcat.util.net.SSLContext;

import org.springframework.boot.ssl.SslBundle;

/**
 * Tomcat's view of a JSSE {@link javax.net.ssl.SSLContext} created from an SSL bundle's managers.
 *
 * @author mtls-spring-boot
 */
final class TomcatSslContext implements SSLContext {

	private final javax.net.ssl.SSLContext context;

	private final KeyManager[] keyManagers;

	private final TrustManager[] trustManagers;

	private final Consumer<SSLException> failures;

	TomcatSslContext(MtlsMaterial material, Provider provider, Duration sessionTimeout,
			Consumer<SSLException> failures) {
		SslBundle bundle = material.bundle();
		this.failures = failures;
		this.context = JsseEngines.sslContext(material, provider);
		// Tomcat configures the session cache only for contexts it builds itself.
		this.context.getServerSessionContext().setSessionTimeout((int) sessionTimeout.toSeconds());
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
		return this.context.getServerSessionContext();
	}

	@Override
	public SSLEngine createSSLEngine() {
		return new ObservedSslEngine(this.context.createSSLEngine(), this.failures);
	}

	@Override
	public SSLServerSocketFactory getServerSocketFactory() {
		return this.context.getServerSocketFactory();
	}

	@Override
	public SSLParameters getSupportedSSLParameters() {
		return this.context.getSupportedSSLParameters();
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
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
