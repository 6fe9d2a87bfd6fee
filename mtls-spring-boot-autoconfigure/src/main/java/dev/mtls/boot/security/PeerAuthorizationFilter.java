package dev.mtls.boot.security;

import java.io.IOException;

import dev.mtls.boot.authorization.RequestAuthorization;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.lang.Contract;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Applies {@code mtls.authorization} to servlet requests on the application port, after the peer
 * is authenticated and before the chain's own authorization: a peer the rules refuse gets 403
 * naming the rule, a caller without a verified peer is refused (401), served and counted, or
 * served, as {@code mtls.authorization.anonymous} says. Requests on a separate management port
 * pass untouched. Error and async dispatches are not decided again.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthorizationFilter extends OncePerRequestFilter {

	// org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, without needing Spring MVC.
	private static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private final RequestAuthorization authorization;

	private final ManagementPort managementPort;

	PeerAuthorizationFilter(RequestAuthorization authorization, ManagementPort managementPort) {
		this.authorization = authorization;
		this.managementPort = managementPort;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.managementPort.matches(ServletConnection.localPort(request))) {
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (isPeer(authentication)) {
			String refusal = this.authorization.refusePeer(authentication.getName(), authentication.getAuthorities(),
					request.getMethod(), path(request));
			if (refusal != null) {
				PeerAuthenticationEntryPoint.write(response, HttpServletResponse.SC_FORBIDDEN, refusal);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (!this.authorization.watchesAnonymous()) {
			chain.doFilter(request, response);
			return;
		}
		String address = ServletConnection.remoteAddress(request);
		String refusal = this.authorization.refuseAnonymous(address, request.getMethod());
		if (refusal != null) {
			PeerAuthenticationEntryPoint.write(response, HttpServletResponse.SC_UNAUTHORIZED, refusal);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.authorization.anonymousServed(address, request.getMethod(),
					(request.getAttribute(BEST_MATCHING_PATTERN) instanceof String pattern) ? pattern : null);
		}
	}

	@Contract("null -> false")
	static boolean isPeer(@Nullable Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	// The path Spring MVC maps, within the application, as Security's own path matchers see it.
	private static PathContainer path(HttpServletRequest request) {
		if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
			return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
		}
		RequestPath path = ServletRequestPathUtils.parseAndCache(request);
		ServletRequestPathUtils.clearParsedRequestPath(request);
		return path.pathWithinApplication();
	}

}
