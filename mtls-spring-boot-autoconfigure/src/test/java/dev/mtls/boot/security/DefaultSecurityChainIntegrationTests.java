package dev.mtls.boot.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

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

}
