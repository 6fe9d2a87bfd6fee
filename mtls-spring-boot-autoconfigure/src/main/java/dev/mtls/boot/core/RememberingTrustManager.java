package dev.mtls.boot.core;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager for one trust set, remembering the client chains it has accepted
 * ({@link VerifiedChains}) so that a client's next full handshake skips path validation. What the
 * JDK checks per connection for a client chain depends only on the chain and this server's own
 * configuration (no host name is verified on the server side), so a remembered answer is the
 * answer the JDK would give again while the certificates are within their validity periods.
 * Server chains (this service as a client) are always checked in full: host name verification
 * depends on the connection.
 *
 * @author mtls-spring-boot
 */
final class RememberingTrustManager extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager delegate;

	private final VerifiedChains verified;

	private final Clock clock;

	RememberingTrustManager(X509ExtendedTrustManager delegate, VerifiedChains verified, Clock clock) {
		this.delegate = delegate;
		this.verified = verified;
		this.clock = clock;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (!remembered(chain, authType)) {
			this.delegate.checkClientTrusted(chain, authType);
			this.verified.add(chain, authType);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		if (!remembered(chain, authType)) {
			this.delegate.checkClientTrusted(chain, authType, socket);
			this.verified.add(chain, authType);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		if (!remembered(chain, authType)) {
			this.delegate.checkClientTrusted(chain, authType, engine);
			this.verified.add(chain, authType);
		}
	}

	private boolean remembered(X509Certificate[] chain, String authType) {
		return chain != null && chain.length > 0 && this.verified.contains(chain, authType, this.clock.instant());
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType, socket);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		this.delegate.checkServerTrusted(chain, authType, engine);
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.delegate.getAcceptedIssuers();
	}

}
