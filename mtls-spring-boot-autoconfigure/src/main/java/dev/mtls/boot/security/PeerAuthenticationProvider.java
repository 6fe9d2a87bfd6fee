package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a {@link PeerCertificateToken} for code that goes through an
 * {@code AuthenticationManager}. Its presence as a bean also stops Spring Boot from creating an
 * in-memory user with a generated password.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthenticationProvider implements AuthenticationProvider {

	private final PeerAuthenticator authenticator;

	PeerAuthenticationProvider(PeerAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		PeerCertificateToken token = (PeerCertificateToken) authentication;
		return this.authenticator.authenticate(token.getCredentials().toArray(X509Certificate[]::new), token.verify());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PeerCertificateToken.class.isAssignableFrom(authentication);
	}

}
