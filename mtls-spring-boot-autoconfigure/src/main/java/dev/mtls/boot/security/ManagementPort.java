package dev.mtls.boot.security;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Remembers the port of a separate management server ({@code management.server.port}), whose
 * requests the default security chain lets through: that port is plain HTTP for probes unless
 * {@code management.server.ssl.*} says otherwise.
 *
 * @author mtls-spring-boot
 */
final class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

	private static final String MANAGEMENT_NAMESPACE = "management";

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		WebServerApplicationContext context = event.getApplicationContext();
		if (MANAGEMENT_NAMESPACE.equals(context.getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	boolean matches(int localPort) {
		// Without a separate management server, or with a local port that is not known, nothing matches.
		return this.port > 0 && localPort == this.port;
	}

}
