package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
		X509Certificate[] chain = token.getCredentials().toArray(X509Certificate[]::new);
		Mono<Authentication> authenticated = Mono.fromCallable(() -> this.authenticator.authenticate(chain, token.verify()));
		// Verifying a peer (again) may wait for an OCSP responder or a CRL download: not on the
		// event loop, where it would stall every connection it serves.
		return this.authenticator.isCurrent(chain) ? authenticated
				: authenticated.subscribeOn(Schedulers.boundedElastic());
	}

}
