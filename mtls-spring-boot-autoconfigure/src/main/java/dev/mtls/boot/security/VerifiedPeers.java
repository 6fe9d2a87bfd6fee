package dev.mtls.boot.security;

import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Whether an {@link Authentication} is a verified peer, for the authorization filters of both stacks:
 * its own class so that the reactive filter does not load the servlet one (and with it the Servlet API,
 * absent from reactive applications).
 *
 * @author mtls-spring-boot
 */
final class VerifiedPeers {

	private VerifiedPeers() {
	}

	@Contract("null -> false")
	static boolean is(@Nullable Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

}
