package dev.mtls.boot.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers an unauthenticated servlet request with 401 and a short reason.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		write(response, HttpServletResponse.SC_UNAUTHORIZED, Refusals.unauthorized(ex,
				Boolean.TRUE.equals(request.getAttribute(PeerAuthenticator.PROXY_WITHOUT_CERTIFICATE_ATTRIBUTE))));
	}

	static void write(HttpServletResponse response, int status, String body) throws IOException {
		response.setStatus(status);
		response.setContentType("text/plain;charset=UTF-8");
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
	}

}
