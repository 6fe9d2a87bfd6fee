package dev.mtls.boot.security;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers refused reactive requests the same way as the servlet stack: 401 without an accepted
 * certificate, 403 without the needed authority, each with a short plain-text reason.
 *
 * @author mtls-spring-boot
 */
final class ReactivePeerRefusals implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, Refusals.unauthorized(ex,
				Boolean.TRUE.equals(exchange.getAttribute(PeerAuthenticator.PROXY_WITHOUT_CERTIFICATE_ATTRIBUTE))));
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.map((authentication) -> Refusals.forbidden(authentication, denied))
			.defaultIfEmpty(Refusals.forbidden(null, denied))
			.flatMap((body) -> write(exchange.getResponse(), HttpStatus.FORBIDDEN, body));
	}

	static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String body) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
