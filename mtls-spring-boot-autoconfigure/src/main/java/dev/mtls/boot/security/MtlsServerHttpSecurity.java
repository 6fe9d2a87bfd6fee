package dev.mtls.boot.security;

import dev.mtls.boot.authorization.RequestAuthorization;
import dev.mtls.boot.proxy.ForwardedCertificates;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;

/**
 * Adds mTLS peer authentication to a reactive {@link ServerHttpSecurity}: the peer certificate
 * becomes a {@link PeerAuthentication}, a request without one gets 401, a peer without the needed
 * authority 403. With {@code mtls.proxy.enabled}, a certificate forwarded by a trusted proxy counts as
 * the peer's. On the application port, {@code mtls.authorization} rules and its anonymous-caller
 * policy apply before the chain's own authorization. Call {@link #configure(ServerHttpSecurity)} in your own
 * {@code SecurityWebFilterChain} bean.
 *
 * @author mtls-spring-boot
 */
public final class MtlsServerHttpSecurity {

	private final ReactiveAuthenticationManager authenticationManager;

	private final ManagementPort managementPort;

	private final @Nullable ForwardedCertificates forwarded;

	private final @Nullable RequestAuthorization authorization;

	MtlsServerHttpSecurity(ReactiveAuthenticationManager authenticationManager, ManagementPort managementPort,
			@Nullable ForwardedCertificates forwarded, @Nullable RequestAuthorization authorization) {
		this.authenticationManager = authenticationManager;
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
	public ServerWebExchangeMatcher managementPort() {
		return (exchange) -> this.managementPort.matches(ReactiveConnection.localPort(exchange.getRequest()))
				? MatchResult.match() : MatchResult.notMatch();
	}

	/**
	 * Add mTLS peer authentication to the given {@link ServerHttpSecurity}. The security context
	 * repository is left as it is, in case the chain also serves browser sessions; a chain that
	 * only serves certificates should set
	 * {@code NoOpServerSecurityContextRepository.getInstance()}, as the default chain does, so that
	 * requests do not look up a {@code WebSession}.
	 * @param http the security builder
	 * @return the same builder, for chaining
	 */
	public ServerHttpSecurity configure(ServerHttpSecurity http) {
		ReactivePeerRefusals refusals = new ReactivePeerRefusals();
		RequestAuthorization authorization = this.authorization;
		boolean authorizationFilter = authorization != null;
		if (this.authenticationManager instanceof PeerReactiveAuthenticationManager peers) {
			// With nothing to decide (no rules, no anonymous policy: the default), the authentication filter
			// counts its peers' requests itself: one filter less in every request, and each filter in an
			// observed chain costs two observation events.
			boolean undecided = authorization != null && !authorization.decides();
			authorizationFilter = authorizationFilter && !undecided;
			http.addFilterAt(new PeerAuthenticationWebFilter(peers.authenticator(), refusals,
					undecided ? authorization : null, this.managementPort), SecurityWebFiltersOrder.AUTHENTICATION);
		}
		else {
			// An application's own manager: Security's filter, with the token it expects.
			AuthenticationWebFilter filter = new AuthenticationWebFilter(this.authenticationManager);
			filter.setServerAuthenticationConverter(new PeerServerAuthenticationConverter());
			filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(refusals));
			http.addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION);
		}
		if (this.forwarded != null) {
			http.addFilterBefore(new ForwardedCertificateWebFilter(this.forwarded), SecurityWebFiltersOrder.AUTHENTICATION);
		}
		if (authorization != null && authorizationFilter) {
			// Before the chain's own authorizeExchange: both must let a request through.
			http.addFilterBefore(new PeerAuthorizationWebFilter(authorization, this.managementPort),
					SecurityWebFiltersOrder.AUTHORIZATION);
		}
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
		return http;
	}

}
