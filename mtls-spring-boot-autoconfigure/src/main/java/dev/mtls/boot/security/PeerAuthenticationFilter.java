package dev.mtls.boot.security;

import java.io.IOException;
import java.security.cert.X509Certificate;

import dev.mtls.boot.authorization.RequestAuthorization;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a servlet request from the client certificate the container verified. Unlike
 * Spring Security's {@code X509AuthenticationFilter}, it does no per-request logging or lookups:
 * the principal and authorities come from {@link PeerAuthenticator}'s per-certificate cache. It
 * also runs on error and async dispatches, so that a verified peer asking for an unknown path or
 * with an unsupported method gets 404 or 405, and an asynchronous controller's answer, rather than
 * 401 from a dispatch that lost the peer. When {@code mtls.authorization} has nothing to decide, it
 * counts each verified peer's request on the application port as allowed, in place of
 * {@link PeerAuthorizationFilter}.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthenticationFilter extends OncePerRequestFilter {

	static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private final PeerAuthenticator authenticator;

	private final AuthenticationEntryPoint entryPoint;

	private final @Nullable RequestAuthorization undecided;

	private final @Nullable ManagementPort managementPort;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	PeerAuthenticationFilter(PeerAuthenticator authenticator, AuthenticationEntryPoint entryPoint) {
		this(authenticator, entryPoint, null, null);
	}

	/**
	 * Create a filter that also counts its peers' requests for an authorization without rules.
	 * @param undecided the authorization to count in, or {@code null} when its filter decides (and counts)
	 * @param managementPort the management port, whose requests are not counted
	 */
	PeerAuthenticationFilter(PeerAuthenticator authenticator, AuthenticationEntryPoint entryPoint,
			@Nullable RequestAuthorization undecided, @Nullable ManagementPort managementPort) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
		this.undecided = undecided;
		this.managementPort = managementPort;
	}

	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.securityContextHolderStrategy = strategy;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		doFilterInternal(request, response, chain);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// A trusted proxy that forwarded no certificate is nobody, on error dispatches too, where the
		// request is no longer the wrapper that hides the proxy's own certificate.
		boolean proxyWithoutCertificate = Boolean.TRUE
			.equals(request.getAttribute(PeerAuthenticator.PROXY_WITHOUT_CERTIFICATE_ATTRIBUTE));
		if (!proxyWithoutCertificate && request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] certificates
				&& certificates.length > 0) {
			try {
				SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
				boolean verify = !Boolean.FALSE.equals(request.getAttribute(PeerAuthenticator.FORWARDED_VERIFY_ATTRIBUTE));
				context.setAuthentication(this.authenticator.authenticate(certificates, verify));
				this.securityContextHolderStrategy.setContext(context);
				countAllowed(request);
			}
			catch (AuthenticationException ex) {
				this.securityContextHolderStrategy.clearContext();
				this.entryPoint.commence(request, response, ex);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	// Once per request, as the authorization filter counts a request dispatch: error and async dispatches are
	// the same request, forwards and includes do not pass this once-per-request filter.
	private void countAllowed(HttpServletRequest request) {
		RequestAuthorization undecided = this.undecided;
		if (undecided != null && request.getDispatcherType() == DispatcherType.REQUEST
				&& (this.managementPort == null || !this.managementPort.matches(ServletConnection.localPort(request)))) {
			undecided.peerAllowedWithoutRules();
		}
	}

}
