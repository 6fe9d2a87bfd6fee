package dev.mtls.boot.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;

/**
 * The remote address and local port of the connection a reactive request arrived on, as the socket
 * has them. Reactor Netty's forwarded handling ({@code server.forward-headers-strategy=native})
 * and Spring's forwarded header transformer rewrite the request's own view from
 * {@code X-Forwarded-For}, {@code X-Forwarded-Port} and {@code Forwarded}, which anyone can send:
 * trust decisions read Reactor Netty's connection information instead. On other servers the
 * remote address is {@code null}, so no address is trusted.
 *
 * @author mtls-spring-boot
 */
final class ReactiveConnection {

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils
		.isPresent("reactor.netty.http.server.HttpServerRequest", ReactiveConnection.class.getClassLoader());

	private ReactiveConnection() {
	}

	/**
	 * The connection's remote IP address.
	 * @param request the request
	 * @return the address, or {@code null} on servers other than Reactor Netty
	 */
	static @Nullable String remoteAddress(ServerHttpRequest request) {
		SocketAddress address = REACTOR_NETTY_PRESENT ? ReactorNetty.remoteAddress(request) : null;
		return (address instanceof InetSocketAddress inet && inet.getAddress() != null)
				? inet.getAddress().getHostAddress() : null;
	}

	/**
	 * The connection's local port on Reactor Netty, or the request's own on other servers.
	 * @param request the request
	 * @return the port, or {@code -1} if not known
	 */
	static int localPort(ServerHttpRequest request) {
		SocketAddress address = REACTOR_NETTY_PRESENT ? ReactorNetty.localAddress(request) : null;
		if (address == null) {
			address = request.getLocalAddress();
		}
		return (address instanceof InetSocketAddress inet) ? inet.getPort() : -1;
	}

	private static final class ReactorNetty {

		static @Nullable SocketAddress remoteAddress(ServerHttpRequest request) {
			return (nativeRequest(request) instanceof HttpServerRequest nettyRequest)
					? nettyRequest.connectionRemoteAddress() : null;
		}

		static @Nullable SocketAddress localAddress(ServerHttpRequest request) {
			return (nativeRequest(request) instanceof HttpServerRequest nettyRequest)
					? nettyRequest.connectionHostAddress() : null;
		}

		private static @Nullable Object nativeRequest(ServerHttpRequest request) {
			try {
				return ServerHttpRequestDecorator.getNativeRequest(request);
			}
			catch (IllegalArgumentException | IllegalStateException ex) {
				// Neither a server's own request nor a decorator of one, or a mock without one: not known.
				return null;
			}
		}

	}

}
