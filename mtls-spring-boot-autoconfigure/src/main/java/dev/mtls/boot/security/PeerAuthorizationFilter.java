package dev.mtls.boot.security;

import java.io.IOException;

import dev.mtls.boot.authorization.RequestAuthorization;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.util.WebUtils;

/**
 * Applies {@code mtls.authorization} to servlet requests on the application port, after the peer
 * is authenticated and before the chain's own authorization: a peer the rules refuse gets 403
 * naming the rule, a caller without a verified peer is refused (401), served and counted, or
 * served, as {@code mtls.authorization.anonymous} says. Requests on a separate management port
 * pass untouched. A forward or include is decided again for its target, as Spring Security's own
 * authorization filter does; error and async dispatches are not.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthorizationFilter implements Filter {

	// org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, without needing Spring MVC.
	private static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private final RequestAuthorization authorization;

	private final ManagementPort managementPort;

	PeerAuthorizationFilter(RequestAuthorization authorization, ManagementPort managementPort) {
		this.authorization = authorization;
		this.managementPort = managementPort;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		DispatcherType dispatch = request.getDispatcherType();
		if (dispatch == DispatcherType.ERROR || dispatch == DispatcherType.ASYNC
				|| this.managementPort.matches(ServletConnection.localPort(request))) {
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (VerifiedPeers.is(authentication)) {
			String refusal = this.authorization.refusePeer(authentication.getName(), authentication.getAuthorities(),
					request.getMethod(), path(request));
			if (refusal != null) {
				PeerAuthenticationEntryPoint.write(response, HttpServletResponse.SC_FORBIDDEN, refusal);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		String address = ServletConnection.remoteAddress(request);
		// A deny rule for everyone refuses a caller without a peer on every dispatch, forwards included.
		String denied = this.authorization.refuseAnonymousRequest(address, request.getMethod(), () -> path(request));
		if (denied != null) {
			PeerAuthenticationEntryPoint.write(response, HttpServletResponse.SC_FORBIDDEN, denied);
			return;
		}
		// Otherwise a caller without a peer was decided (and counted) by its request dispatch.
		if (dispatch != DispatcherType.REQUEST || !this.authorization.watchesAnonymous()) {
			chain.doFilter(request, response);
			return;
		}
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

	// The path after the context path, servlet path included, as Spring Security's PathPatternRequestMatcher
	// sees it: the same for every servlet (a rule on /legacy/** covers a servlet mapped to /legacy/*, and
	// /orders/** does not reach into it), and parsed afresh so a forward or include is decided for its target
	// rather than for the path the DispatcherServlet parsed for the original request.
	private static PathContainer path(HttpServletRequest request) {
		Object include = request.getAttribute(WebUtils.INCLUDE_REQUEST_URI_ATTRIBUTE);
		String uri = (request.getDispatcherType() == DispatcherType.INCLUDE && include instanceof String included)
				? included : request.getRequestURI();
		return RequestPath.parse(uri, request.getContextPath()).pathWithinApplication();
	}

}
