package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import org.springframework.security.core.AuthenticationException;

/**
 * Told about peer authentications, e.g. to count or audit them. Beans of this type are picked up
 * by the starter; they run on every request, so keep them cheap.
 *
 * @author mtls-spring-boot
 */
public interface PeerAuthenticationListener {

	/**
	 * A request was authenticated from its peer certificate.
	 * @param authentication the authentication
	 * @param firstForCertificate whether this certificate was (re)verified for this request, rather
	 * than found in the cache
	 */
	default void authenticated(PeerAuthentication authentication, boolean firstForCertificate) {
	}

	/**
	 * A peer certificate was not accepted.
	 * @param chain the chain, leaf first
	 * @param failure why
	 */
	default void failed(X509Certificate[] chain, AuthenticationException failure) {
	}

}
