package dev.mtls.boot.core;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

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

}
