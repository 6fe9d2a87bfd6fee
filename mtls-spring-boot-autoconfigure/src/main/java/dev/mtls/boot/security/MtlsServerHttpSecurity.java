package dev.mtls.boot.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;

/**
 * Adds mTLS peer authentication to a reactive {@link ServerHttpSecurity}: the peer certificate
 * becomes a {@link PeerAuthentication}, a request without one gets 401, a peer without the needed
 * authority 403. Call {@link #configure(ServerHttpSecurity)} in your own
 * {@code SecurityWebFilterChain} bean.
 *
 * @author mtls-spring-boot
 */
public final class MtlsServerHttpSecurity {

	private final ReactiveAuthenticationManager authenticationManager;

	MtlsServerHttpSecurity(ReactiveAuthenticationManager authenticationManager) {
		this.authenticationManager = authenticationManager;
	}

	/**
	 * Add mTLS peer authentication to the given {@link ServerHttpSecurity}.
	 * @param http the security builder
	 * @return the same builder, for chaining
	 */
	public ServerHttpSecurity configure(ServerHttpSecurity http) {
		ReactivePeerRefusals refusals = new ReactivePeerRefusals();
		AuthenticationWebFilter filter = new AuthenticationWebFilter(this.authenticationManager);
		filter.setServerAuthenticationConverter(new PeerServerAuthenticationConverter());
		filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(refusals));
		http.addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION);
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
		return http;
	}

}
