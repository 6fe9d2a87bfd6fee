package dev.mtls.boot.security;

import dev.mtls.boot.authorization.RequestAuthorization;
import dev.mtls.boot.proxy.ForwardedCertificates;

import org.jspecify.annotations.Nullable;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds mTLS peer authentication to a servlet {@link HttpSecurity}: the peer certificate becomes a
 * {@link PeerAuthentication}, a request without one gets 401, a peer without the needed authority
 * 403. With {@code mtls.proxy.enabled}, a certificate forwarded by a trusted proxy counts as the
 * peer's. On the application port, {@code mtls.authorization} rules and its anonymous-caller policy
 * apply before the chain's own authorization. Call {@link #configure(HttpSecurity)} in your own
 * {@code SecurityFilterChain} bean.
 *
 * @author mtls-spring-boot
 */
public final class MtlsHttpSecurity {

	private final PeerAuthenticator authenticator;

	private final ManagementPort managementPort;

	private final @Nullable ForwardedCertificates forwarded;

	private final @Nullable RequestAuthorization authorization;

	MtlsHttpSecurity(PeerAuthenticator authenticator, ManagementPort managementPort,
			@Nullable ForwardedCertificates forwarded, @Nullable RequestAuthorization authorization) {
		this.authenticator = authenticator;
		this.managementPort = managementPort;
		this.forwarded = forwarded;
		this.authorization = authorization;
	}

	/**
	 * Return a matcher for requests that arrived on a separate management port
	 * ({@code management.server.port}), typically to permit Kubernetes probes there.
	 * The port is the connection's own: {@code X-Forwarded-Port} cannot make a request match.
	 * @return the matcher; it matches nothing when the management port is the server port
	 */
	public RequestMatcher managementPort() {
		return (request) -> this.managementPort.matches(ServletConnection.localPort(request));
	}

	/**
	 * Add mTLS peer authentication to the given {@link HttpSecurity}.
	 * @param http the security builder
	 * @return the same builder, for chaining
	 */
	public HttpSecurity configure(HttpSecurity http) {
		PeerAuthenticationEntryPoint entryPoint = new PeerAuthenticationEntryPoint();
		RequestAuthorization authorization = this.authorization;
		// With nothing to decide (no rules, no anonymous policy: the default), the authentication filter counts
		// its peers' requests itself: one filter less in every request, and each filter in an observed chain costs
		// two observation events.
		boolean decides = authorization != null && authorization.decides();
		http.addFilterAt(new PeerAuthenticationFilter(this.authenticator, entryPoint,
				(authorization != null && !decides) ? authorization : null, this.managementPort),
				X509AuthenticationFilter.class);
		if (this.forwarded != null) {
			http.addFilterBefore(new ForwardedCertificateFilter(this.forwarded), X509AuthenticationFilter.class);
		}
		if (authorization != null && decides) {
			// Before the chain's own authorizeHttpRequests: both must let a request through.
			http.addFilterBefore(new PeerAuthorizationFilter(authorization, this.managementPort),
					AuthorizationFilter.class);
		}
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
			.accessDeniedHandler(new PeerAccessDeniedHandler()));
		return http;
	}

}
