package dev.mtls.boot.security;

import java.util.Collection;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;

/**
 * The short plain-text bodies of 401 and 403 answers, the same on servlet and reactive stacks.
 *
 * @author mtls-spring-boot
 */
final class Refusals {

	private Refusals() {
	}

	static String unauthorized(AuthenticationException ex) {
		// Only the starter's own BadCredentialsException means "a certificate was presented but not accepted".
		if (!(ex instanceof BadCredentialsException)) {
			return "401 Unauthorized: a client certificate is required\n";
		}
		return "401 Unauthorized: client certificate not accepted: " + ex.getMessage() + "\n";
	}

	static String unauthorized(AuthenticationException ex, boolean proxyWithoutCertificate) {
		if (proxyWithoutCertificate && !(ex instanceof BadCredentialsException)) {
			return "401 Unauthorized: a client certificate is required; the trusted proxy forwarded none, and its "
					+ "own certificate counts only with mtls.proxy.allow-proxy-identity=true\n";
		}
		return unauthorized(ex);
	}

	static String forbidden(@Nullable Authentication authentication, AccessDeniedException denied) {
		String peer = (authentication != null) ? authentication.getName() : "unknown";
		String body = "403 Forbidden: peer '" + peer + "' is not granted the authority this request needs";
		// Security's hasAuthority/hasAnyAuthority rules say which authorities they wanted.
		if (denied instanceof AuthorizationDeniedException authorization
				&& authorization.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision
				&& !decision.getAuthorities().isEmpty()) {
			body += " (needs one of: " + names(decision.getAuthorities()) + "; it has: "
					+ ((authentication != null) ? names(authentication.getAuthorities()) : "none") + ")";
		}
		return body + "\n";
	}

	private static String names(Collection<? extends GrantedAuthority> authorities) {
		return authorities.isEmpty() ? "none"
				: authorities.stream().map(GrantedAuthority::getAuthority).collect(Collectors.joining(", "));
	}

	static String malformedForwardedCertificate(String header, @Nullable String reason) {
		return "400 Bad Request: forwarded client certificate header " + header + " is malformed: " + reason + "\n";
	}

	static String expiredForwardedCertificate(@Nullable String reason) {
		return "401 Unauthorized: forwarded client certificate not accepted: " + reason + "\n";
	}

}
