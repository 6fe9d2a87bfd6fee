package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;

/**
 * Decides what an authenticated peer is granted. Declare a bean of this type to replace
 * {@code mtls.grants}: it is asked once per peer certificate, and its answer serves every request
 * on every connection that presents that certificate for as long as the certificate stays trusted.
 *
 * @author mtls-spring-boot
 */
@FunctionalInterface
public interface PeerGrantResolver {

	/**
	 * Return the authorities to grant a peer.
	 * @param principal the peer's principal name, as the {@code X509PrincipalExtractor} gave it
	 * @param certificate the peer's leaf certificate, verified in the handshake or forwarded by a
	 * trusted proxy
	 * @return the authorities, possibly none, never {@code null}
	 * @throws org.springframework.security.core.AuthenticationException to refuse the peer (401)
	 */
	Collection<? extends GrantedAuthority> resolve(String principal, X509Certificate certificate);

}
