package dev.mtls.boot.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;

/**
 * The remote address and local port of the connection a request arrived on, as the socket has
 * them. The request's own view is rewritten from {@code X-Forwarded-For}, {@code X-Forwarded-Port}
 * and {@code Forwarded} whenever {@code server.forward-headers-strategy} is set (Tomcat's
 * {@code RemoteIpValve}, Reactor Netty's forwarded handling, Spring's forwarded header filter and
 * transformer), so anyone who can send a header controls it: trust decisions (which proxy may
 * forward a certificate, whether a request came in on the management port) read these instead.
 * Where the connection's address is not known, it is {@code null} and no address is trusted.
 *
 * @author mtls-spring-boot
 */
final class ConnectionAddresses {

	static final String REMOTE_ADDRESS_ATTRIBUTE = ConnectionAddresses.class.getName() + ".remoteAddress";

	static final String LOCAL_PORT_ATTRIBUTE = ConnectionAddresses.class.getName() + ".localPort";

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils
		.isPresent("reactor.netty.http.server.HttpServerRequest", ConnectionAddresses.class.getClassLoader());

	private ConnectionAddresses() {
	}

	/**
	 * The connection's remote IP address on a servlet container.
	 * @param request the request
	 * @return the address, or {@code null} if the container did not record it
	 */
	static String remoteAddress(HttpServletRequest request) {
		return (request.getAttribute(REMOTE_ADDRESS_ATTRIBUTE) instanceof String address) ? address : null;
	}

	/**
	 * The connection's local port on a servlet container. Without a recorded one, the port of the
	 * container's own request, below any wrapper that rewrites it.
	 * @param request the request
	 * @return the port
	 */
	static int localPort(HttpServletRequest request) {
		if (request.getAttribute(LOCAL_PORT_ATTRIBUTE) instanceof Integer port) {
			return port;
		}
		ServletRequest unwrapped = request;
		while (unwrapped instanceof ServletRequestWrapper wrapper) {
			unwrapped = wrapper.getRequest();
		}
		return unwrapped.getLocalPort();
	}

	/**
	 * The connection's remote IP address on Reactor Netty.
	 * @param request the request
	 * @return the address, or {@code null} on other servers
	 */
	static String remoteAddress(ServerHttpRequest request) {
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

		static SocketAddress remoteAddress(ServerHttpRequest request) {
			return (nativeRequest(request) instanceof HttpServerRequest nettyRequest) ? nettyRequest.connectionRemoteAddress()
					: null;
		}

		static SocketAddress localAddress(ServerHttpRequest request) {
			return (nativeRequest(request) instanceof HttpServerRequest nettyRequest) ? nettyRequest.connectionHostAddress()
					: null;
		}

		private static Object nativeRequest(ServerHttpRequest request) {
			try {
				return ServerHttpRequestDecorator.getNativeRequest(request);
			}
			catch (IllegalArgumentException ex) {
				// Neither a server's own request nor a decorator of one (e.g. a mock): not known.
				return null;
			}
		}

	}

}
