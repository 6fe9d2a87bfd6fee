package dev.mtls.boot.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers an authenticated peer that lacks an authority with 403 and a short reason.
 *
 * @author mtls-spring-boot
 */
final class PeerAccessDeniedHandler implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		PeerAuthenticationEntryPoint.write(response, HttpServletResponse.SC_FORBIDDEN,
				Refusals.forbidden(SecurityContextHolder.getContext().getAuthentication(), ex));
	}

}
