package dev.mtls.benchmarks;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * The load generator's client certificate and trusted CA, read from PEM files with Spring Boot's
 * PEM support.
 */
final class ClientIdentity {

	private final KeyStore identity;

	private final KeyStore trust;

	private ClientIdentity(KeyStore identity, KeyStore trust) {
		this.identity = identity;
		this.trust = trust;
	}

	static ClientIdentity load(Path certificate, Path key, Path ca) throws IOException, GeneralSecurityException {
		KeyStore identity = KeyStore.getInstance("PKCS12");
		identity.load(null, null);
		identity.setKeyEntry("client", PemContent.load(key).getPrivateKey(), new char[0],
				PemContent.load(certificate).getCertificates().toArray(X509Certificate[]::new));
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", PemContent.load(ca).getCertificates().get(0));
		return new ClientIdentity(identity, trust);
	}

	/**
	 * A new client context with an empty session cache.
	 * @return the client
	 */
	Client newClient() throws GeneralSecurityException {
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(this.identity, new char[0]);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
		trustManagers.init(this.trust);
		CountingTrustManager counting = new CountingTrustManager(
				(X509ExtendedTrustManager) trustManagers.getTrustManagers()[0]);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), new TrustManager[] { counting }, null);
		return new Client(context, counting.checks);
	}

	record Client(SSLContext context, AtomicLong checks) {

		long fullHandshakes() {
			return this.checks.get();
		}

	}

	/**
	 * Counts server certificate checks: only a full handshake makes one.
	 */
	private static final class CountingTrustManager extends X509ExtendedTrustManager {

		private final X509ExtendedTrustManager delegate;

		private final AtomicLong checks = new AtomicLong();

		CountingTrustManager(X509ExtendedTrustManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType, engine);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
