package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import dev.mtls.boot.proxy.ForwardedCertificates;
import dev.mtls.boot.proxy.ForwardedCertificates.Forwarded;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Puts a client certificate forwarded by a trusted proxy where Spring Security's reactive X.509
 * support and {@link PeerServerAuthenticationConverter} look: the request's {@link SslInfo}. From
 * any other source the header is ignored; an unreadable one, or more than one, gets 400. A trusted
 * proxy's request without the header is anonymous: the proxy's own certificate is hidden (unless
 * {@code mtls.proxy.allow-proxy-identity}). Whatever became of the header, the rest of the chain
 * and the application do not see it.
 *
 * @author mtls-spring-boot
 */
final class ForwardedCertificateWebFilter implements WebFilter {

	private final ForwardedCertificates forwarded;

	ForwardedCertificateWebFilter(ForwardedCertificates forwarded) {
		this.forwarded = forwarded;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		SslInfo sslInfo = request.getSslInfo();
		Forwarded decision = this.forwarded.read(request.getHeaders()::getOrEmpty,
				ReactiveConnection.remoteAddress(request), (sslInfo != null) ? sslInfo.getPeerCertificates() : null);
		if (decision == null) {
			return chain.filter(exchange);
		}
		String sessionId = (sslInfo != null) ? sslInfo.getSessionId() : null;
		return switch (decision.outcome()) {
			case FORWARDED -> {
				SslInfo forwardedInfo = new ForwardedSslInfo(sessionId, decision.chain());
				ServerWebExchange mutated = exchange.mutate()
					.request((builder) -> builder.sslInfo(forwardedInfo).headers(this::removeHeader))
					.build();
				mutated.getAttributes().put(PeerAuthenticator.FORWARDED_VERIFY_ATTRIBUTE, this.forwarded.verify());
				yield chain.filter(mutated);
			}
			case PROXY_WITHOUT_CERTIFICATE -> {
				ServerWebExchange mutated = exchange.mutate()
					.request((builder) -> builder.sslInfo(new ForwardedSslInfo(sessionId, null)))
					.build();
				mutated.getAttributes().put(PeerAuthenticator.PROXY_WITHOUT_CERTIFICATE_ATTRIBUTE, true);
				yield chain.filter(mutated);
			}
			case MALFORMED -> ReactivePeerRefusals.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
					Refusals.malformedForwardedCertificate(this.forwarded.header(), decision.reason()));
			case EXPIRED -> ReactivePeerRefusals.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
					Refusals.expiredForwardedCertificate(decision.reason()));
			case UNTRUSTED_SOURCE ->
				chain.filter(exchange.mutate().request((builder) -> builder.headers(this::removeHeader)).build());
		};
	}

	private void removeHeader(HttpHeaders headers) {
		this.forwarded.headers().forEach(headers::remove);
	}

	private record ForwardedSslInfo(@Nullable String getSessionId,
			X509Certificate @Nullable [] getPeerCertificates) implements SslInfo {

	}

}
