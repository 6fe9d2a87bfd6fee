package dev.mtls.boot.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an application security chain, every request needs an authenticated peer, while a
 * separate management port stays plain HTTP and open for probes. Servlet and reactive alike.
 */
class DefaultSecurityChainIntegrationTests {

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void requiresPeerOnServerPortAndLeavesManagementPortOpen(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = RunningPeer.start(type, pki, "app", pki.server("app"), "--mtls.server.client-auth=want",
				"--management.server.port=0", "--management.endpoints.web.exposure.include=health",
				// The test class path has Tomcat and Netty; both offer a reactive management child context.
				"--spring.main.allow-bean-definition-overriding=true")) {
			HttpResponse<String> authenticated = TlsClient.presenting(pki.client("orders"), pki.root())
				.get(app.port(), "/admin");
			assertThat(authenticated.statusCode()).isEqualTo(200);
			HttpResponse<String> anonymous = TlsClient.anonymous(pki.root()).get(app.port(), "/whoami");
			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertThat(anonymous.body()).contains("client certificate is required");
			String managementPort = app.context().getEnvironment().getProperty("local.management.port");
			HttpResponse<String> health = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void verifiedPeerGetsNotFoundAndMethodNotAllowedRatherThanUnauthorized(WebApplicationType type,
			@TempDir Path directory) {
		TestPki pki = new TestPki(directory);
		pki.write("orders", pki.client("orders"));
		try (RunningPeer app = RunningPeer.start(type, pki, "app", pki.server("app"), "--mtls.server.client-auth=want")) {
			Curl peer = Curl.trusting(pki).as("orders");
			assertThat(peer.get(app.port(), "/no-such-path")).startsWith("404 ");
			assertThat(peer.get(app.port(), "/whoami")).startsWith("200 ");
			assertThat(Curl.trusting(pki).as("orders").method("DELETE").get(app.port(), "/whoami")).startsWith("405 ");
			// The twin: without a certificate, the same paths are refused.
			assertThat(Curl.trusting(pki).get(app.port(), "/no-such-path")).startsWith("401 ");
			assertThat(Curl.trusting(pki).method("DELETE").get(app.port(), "/whoami")).startsWith("401 ");
		}
	}

	// Every request carries its certificate: the reactive chain must not look up a WebSession
	// (Spring Security's default context repository would, making a random session id each time).
	@Test
	void reactiveRequestsNeverLookUpAWebSession(@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = RunningPeer.start(WebApplicationType.REACTIVE, pki, "app", pki.server("app"),
				"--mtls.server.client-auth=want")) {
			DefaultWebSessionManager sessions = (DefaultWebSessionManager) app.context().getBean(WebSessionManager.class);
			AtomicInteger lookups = new AtomicInteger();
			WebSessionIdResolver resolver = sessions.getSessionIdResolver();
			sessions.setSessionIdResolver(new WebSessionIdResolver() {

				@Override
				public List<String> resolveSessionIds(ServerWebExchange exchange) {
					lookups.incrementAndGet();
					return resolver.resolveSessionIds(exchange);
				}

				@Override
				public void setSessionId(ServerWebExchange exchange, String sessionId) {
					resolver.setSessionId(exchange, sessionId);
				}

				@Override
				public void expireSession(ServerWebExchange exchange) {
					resolver.expireSession(exchange);
				}

			});
			TlsClient client = TlsClient.presenting(pki.client("orders"), pki.root());
			for (int i = 0; i < 3; i++) {
				assertThat(client.get(app.port(), "/admin").statusCode()).isEqualTo(200);
			}
			assertThat(TlsClient.anonymous(pki.root()).get(app.port(), "/whoami").statusCode()).isEqualTo(401);
			assertThat(lookups).hasValue(0);
		}
	}

}
