package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a {@link PeerCertificateToken} on reactive stacks. Its presence as a bean also
 * stops Spring Boot from creating a deny-all manager or an in-memory user.
 *
 * @author mtls-spring-boot
 */
final class PeerReactiveAuthenticationManager implements ReactiveAuthenticationManager {

	private final PeerAuthenticator authenticator;

	PeerReactiveAuthenticationManager(PeerAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	PeerAuthenticator authenticator() {
		return this.authenticator;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof PeerCertificateToken token)) {
			return Mono.empty();
		}
		return Mono.fromCallable(
				() -> this.authenticator.authenticate(token.getCredentials().toArray(X509Certificate[]::new),
						token.verify()));
	}

}
