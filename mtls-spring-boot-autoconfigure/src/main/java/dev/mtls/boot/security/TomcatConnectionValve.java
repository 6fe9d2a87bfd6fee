package dev.mtls.boot.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Records, on every request, the connection's own peer address and local port as Tomcat's socket
 * has them. Tomcat's {@code RemoteIpValve} ({@code server.forward-headers-strategy=native})
 * rewrites {@code getRemoteAddr()} from {@code X-Forwarded-For} and may rewrite the local port, so
 * trust decisions read {@link ServletConnection} instead, which reads what this valve recorded.
 *
 * @author mtls-spring-boot
 */
final class TomcatConnectionValve extends ValveBase {

	TomcatConnectionValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		// The peer address is the socket's whatever other valves set; the local port is read from
		// the connector's request, which no valve rewrites.
		request.setAttribute(ServletConnection.REMOTE_ADDRESS_ATTRIBUTE, request.getPeerAddr());
		org.apache.coyote.Request connection = request.getCoyoteRequest();
		connection.action(ActionCode.REQ_LOCALPORT_ATTRIBUTE, connection);
		request.setAttribute(ServletConnection.LOCAL_PORT_ATTRIBUTE, connection.getLocalPort());
		getNext().invoke(request, response);
	}

}
