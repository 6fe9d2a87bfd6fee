package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.SslInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the peer certificate chain that Reactor Netty verified from the request's {@link SslInfo}.
 *
 * @author mtls-spring-boot
 */
final class PeerServerAuthenticationConverter implements ServerAuthenticationConverter {

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		SslInfo sslInfo = exchange.getRequest().getSslInfo();
		X509Certificate[] chain = (sslInfo != null) ? sslInfo.getPeerCertificates() : null;
		if (chain == null || chain.length == 0) {
			return Mono.empty();
		}
		boolean verify = !Boolean.FALSE.equals(exchange.getAttribute(PeerAuthenticator.FORWARDED_VERIFY_ATTRIBUTE));
		return Mono.just(new PeerCertificateToken(chain, verify));
	}

}
