package dev.mtls.boot.security;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The remote address and local port of the connection a servlet request arrived on, as the socket
 * has them. The request's own view is rewritten from {@code X-Forwarded-For},
 * {@code X-Forwarded-Port} and {@code Forwarded} whenever {@code server.forward-headers-strategy}
 * is set (Tomcat's {@code RemoteIpValve}, Spring's forwarded header filter), so anyone who can send
 * a header controls it: trust decisions (which proxy may forward a certificate, whether a request
 * came in on the management port) read these instead, as {@link TomcatConnectionValve} recorded
 * them. Where the connection's address is not known, it is {@code null} and no address is trusted.
 *
 * @author mtls-spring-boot
 */
final class ServletConnection {

	static final String REMOTE_ADDRESS_ATTRIBUTE = ServletConnection.class.getName() + ".remoteAddress";

	static final String LOCAL_PORT_ATTRIBUTE = ServletConnection.class.getName() + ".localPort";

	private ServletConnection() {
	}

	/**
	 * The connection's remote IP address.
	 * @param request the request
	 * @return the address, or {@code null} if the container did not record it
	 */
	static @Nullable String remoteAddress(HttpServletRequest request) {
		return (request.getAttribute(REMOTE_ADDRESS_ATTRIBUTE) instanceof String address) ? address : null;
	}

	/**
	 * The connection's local port. Without a recorded one, the port of the container's own request,
	 * below any wrapper that rewrites it.
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

}
