package dev.mtls.boot.security;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

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

	static String forbidden(Authentication authentication) {
		String peer = (authentication != null) ? authentication.getName() : "unknown";
		return "403 Forbidden: peer '" + peer + "' is not granted the authority this request needs\n";
	}

	static String malformedForwardedCertificate(String header, String reason) {
		return "400 Bad Request: forwarded client certificate header " + header + " is malformed: " + reason + "\n";
	}

	static String expiredForwardedCertificate(String reason) {
		return "401 Unauthorized: forwarded client certificate not accepted: " + reason + "\n";
	}

}
