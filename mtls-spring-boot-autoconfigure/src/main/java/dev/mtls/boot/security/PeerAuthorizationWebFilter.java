package dev.mtls.boot.security;

import dev.mtls.boot.authorization.RequestAuthorization;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Applies {@code mtls.authorization} to reactive requests on the application port, the reactive
 * twin of {@link PeerAuthorizationFilter}: after the peer is authenticated and before the chain's
 * own authorization, a peer the rules refuse gets 403 naming the rule, and a caller without a
 * verified peer is refused (401), served and counted, or served.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthorizationWebFilter implements WebFilter {

	private final RequestAuthorization authorization;

	private final ManagementPort managementPort;

	PeerAuthorizationWebFilter(RequestAuthorization authorization, ManagementPort managementPort) {
		this.authorization = authorization;
		this.managementPort = managementPort;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (this.managementPort.matches(ReactiveConnection.localPort(request))) {
			return chain.filter(exchange);
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter(VerifiedPeers::is)
			.flatMap((peer) -> peer(exchange, chain, peer).thenReturn(Boolean.TRUE))
			.switchIfEmpty(Mono.defer(() -> anonymous(exchange, chain).thenReturn(Boolean.TRUE)))
			.then();
	}

	private Mono<Void> peer(ServerWebExchange exchange, WebFilterChain chain, Authentication peer) {
		ServerHttpRequest request = exchange.getRequest();
		String refusal = this.authorization.refusePeer(peer.getName(), peer.getAuthorities(),
				request.getMethod().name(), request.getPath().pathWithinApplication());
		return (refusal != null) ? ReactivePeerRefusals.write(exchange.getResponse(), HttpStatus.FORBIDDEN, refusal)
				: chain.filter(exchange);
	}

	private Mono<Void> anonymous(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String address = ReactiveConnection.remoteAddress(request);
		String method = request.getMethod().name();
		// A deny rule for everyone refuses a caller without a peer too.
		String denied = this.authorization.refuseAnonymousRequest(address, method,
				() -> request.getPath().pathWithinApplication());
		if (denied != null) {
			return ReactivePeerRefusals.write(exchange.getResponse(), HttpStatus.FORBIDDEN, denied);
		}
		if (!this.authorization.watchesAnonymous()) {
			return chain.filter(exchange);
		}
		String refusal = this.authorization.refuseAnonymous(address, method);
		if (refusal != null) {
			return ReactivePeerRefusals.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, refusal);
		}
		return chain.filter(exchange)
			.doFinally((signal) -> this.authorization.anonymousServed(address, method,
					(exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof PathPattern pattern)
							? pattern.getPatternString() : null));
	}

}
