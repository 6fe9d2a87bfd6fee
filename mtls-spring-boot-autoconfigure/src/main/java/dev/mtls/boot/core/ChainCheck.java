package dev.mtls.boot.core;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A check of a peer certificate chain that runs after the trust set has verified it, on servers
 * and clients alike, e.g. revocation.
 *
 * @author mtls-spring-boot
 */
@FunctionalInterface
public interface ChainCheck {

	/**
	 * Check a chain the trust set has verified.
	 * @param chain the peer's chain, leaf first
	 * @param peerIsClient {@code true} when this service is the server and the peer a client
	 * @throws CertificateException to refuse the peer
	 */
	void check(X509Certificate[] chain, boolean peerIsClient) throws CertificateException;

	/**
	 * Return until when a client chain this check accepted may be taken as accepted without
	 * checking it again, e.g. when its revocation answer expires. Requests on a kept-alive
	 * connection or a resumed session do not go through the trust manager again, so peer
	 * authentication asks this to know when to verify the chain again.
	 * @param chain the peer's chain, leaf first, as passed to {@link #check}
	 * @return the instant; {@link Instant#MAX} if the answer does not expire
	 */
	default Instant acceptedUntil(X509Certificate[] chain) {
		return Instant.MAX;
	}

}
