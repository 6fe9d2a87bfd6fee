package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import dev.mtls.boot.authorization.RequestAuthorization;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Authenticates a reactive request from the client certificate Reactor Netty verified, the
 * reactive twin of {@link PeerAuthenticationFilter}. Security's {@code AuthenticationWebFilter}
 * would do the same through a matcher, a converter, a manager and a success handler, each a few
 * more reactive operators on every request; the principal and authorities come from
 * {@link PeerAuthenticator}'s per-certificate cache either way. Used only when the authentication
 * manager is the starter's own.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthenticationWebFilter implements WebFilter {

	private final PeerAuthenticator authenticator;

	private final ServerAuthenticationEntryPoint entryPoint;

	private final @Nullable RequestAuthorization undecided;

	private final @Nullable ManagementPort managementPort;

	PeerAuthenticationWebFilter(PeerAuthenticator authenticator, ServerAuthenticationEntryPoint entryPoint) {
		this(authenticator, entryPoint, null, null);
	}

	/**
	 * Create a filter that also counts its peers' requests for an authorization without rules.
	 * @param undecided the authorization to count in, or {@code null} when its filter decides (and counts)
	 * @param managementPort the management port, whose requests are not counted
	 */
	PeerAuthenticationWebFilter(PeerAuthenticator authenticator, ServerAuthenticationEntryPoint entryPoint,
			@Nullable RequestAuthorization undecided, @Nullable ManagementPort managementPort) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
		this.undecided = undecided;
		this.managementPort = managementPort;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		SslInfo sslInfo = exchange.getRequest().getSslInfo();
		X509Certificate[] certificates = (sslInfo != null) ? sslInfo.getPeerCertificates() : null;
		if (certificates == null || certificates.length == 0) {
			return chain.filter(exchange);
		}
		boolean verify = !Boolean.FALSE.equals(exchange.getAttribute(PeerAuthenticator.FORWARDED_VERIFY_ATTRIBUTE));
		if (!this.authenticator.isCurrent(certificates)) {
			// Verifying a peer (again) may wait for an OCSP responder or a CRL download: not on the
			// event loop, where it would stall every connection it serves.
			return Mono.fromCallable(() -> this.authenticator.authenticate(certificates, verify))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap((authentication) -> filter(exchange, chain, authentication))
				.onErrorResume(AuthenticationException.class, (ex) -> this.entryPoint.commence(exchange, ex));
		}
		PeerAuthentication authentication;
		try {
			authentication = this.authenticator.authenticate(certificates, verify);
		}
		catch (AuthenticationException ex) {
			return this.entryPoint.commence(exchange, ex);
		}
		return filter(exchange, chain, authentication);
	}

	private Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain, PeerAuthentication authentication) {
		countAllowed(exchange.getRequest());
		return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
	}

	private void countAllowed(ServerHttpRequest request) {
		RequestAuthorization undecided = this.undecided;
		if (undecided != null
				&& (this.managementPort == null || !this.managementPort.matches(ReactiveConnection.localPort(request)))) {
			undecided.peerAllowedWithoutRules();
		}
	}

}
