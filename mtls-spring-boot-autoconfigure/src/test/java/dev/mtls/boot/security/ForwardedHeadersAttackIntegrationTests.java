package dev.mtls.boot.security;

import java.nio.file.Path;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Forwarded-For} and {@code X-Forwarded-Port} rewrite the request's remote address and
 * local port when {@code server.forward-headers-strategy=native} (Boot's default on Kubernetes), on
 * Tomcat from any private address and on Reactor Netty from anyone. Neither may open a trust
 * decision: which proxy may forward a certificate, and whether a request came in on the
 * management port. Every attack has a legitimate twin on the same instance.
 */
class ForwardedHeadersAttackIntegrationTests {

	private static final String PROXY_ADDRESS = "127.0.0.2";

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate orders;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.pki.write("edge-proxy", this.pki.client("edge-proxy"));
		this.pki.write("mallory", this.pki.client("mallory"));
		this.orders = this.pki.client("orders");
		this.pki.write("orders", this.orders);
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void xForwardedForDoesNotMakeACallerTheTrustedProxy(WebApplicationType type) {
		IssuedCertificate admin = this.pki.client("admin-1");
		try (RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"),
				"--server.forward-headers-strategy=native", "--mtls.proxy.enabled=true",
				"--mtls.proxy.header=X-Client-Cert", "--mtls.proxy.format=pem-url-encoded",
				"--mtls.proxy.trusted-proxies=" + PROXY_ADDRESS + "/32")) {
			Curl curl = Curl.trusting(this.pki);
			String attack = curl.as("mallory")
				.header("X-Forwarded-For: " + PROXY_ADDRESS)
				.header("X-Client-Cert: " + Curl.escaped(admin))
				.get(app.port(), "/peer");
			assertThat(attack).startsWith("200 " + TestPki.spiffeId("mallory") + " ");
			assertThat(forwarded(app, "untrusted-source")).isOne();
			// The twin: the proxy's own address forwards, on the same instance.
			String proxied = Curl.trusting(this.pki)
				.as("edge-proxy")
				.from(PROXY_ADDRESS)
				.header("X-Client-Cert: " + Curl.escaped(this.orders))
				.get(app.port(), "/peer");
			assertThat(proxied).startsWith("200 " + TestPki.spiffeId("orders") + " ");
			assertThat(forwarded(app, "forwarded")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void xForwardedPortDoesNotOpenTheManagementPortExemption(WebApplicationType type) {
		try (RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"),
				"--server.forward-headers-strategy=native", "--mtls.server.client-auth=want",
				"--management.server.port=0", "--management.endpoints.web.exposure.include=health",
				"--spring.main.allow-bean-definition-overriding=true")) {
			String managementPort = app.context().getEnvironment().getProperty("local.management.port");
			String attack = Curl.trusting(this.pki)
				.header("X-Forwarded-Port: " + managementPort)
				.get(app.port(), "/whoami");
			assertThat(attack).startsWith("401 ");
			// The twins: the management port itself is open, and a peer gets in on the server port.
			assertThat(Curl.trusting(this.pki).plainGet(Integer.parseInt(managementPort), "/actuator/health"))
				.startsWith("200 ");
			assertThat(Curl.trusting(this.pki).as("orders").get(app.port(), "/whoami")).startsWith("200 ");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void xForwardedPortDoesNotSkipAuthorityRules(WebApplicationType type) {
		try (RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"),
				"--server.forward-headers-strategy=native", "--test.custom-chain=true", "--management.server.port=0",
				"--management.endpoints.web.exposure.include=health",
				"--spring.main.allow-bean-definition-overriding=true")) {
			String managementPort = app.context().getEnvironment().getProperty("local.management.port");
			String attack = Curl.trusting(this.pki)
				.as("orders")
				.header("X-Forwarded-Port: " + managementPort)
				.get(app.port(), "/admin");
			assertThat(attack).startsWith("403 ");
			this.pki.write("admin-1", this.pki.client("admin-1"));
			assertThat(Curl.trusting(this.pki).as("admin-1").get(app.port(), "/admin")).isEqualTo("200 admin");
		}
	}

	private static double forwarded(RunningPeer app, String outcome) {
		return app.context()
			.getBean(MeterRegistry.class)
			.get("mtls.proxy.forwarded")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

}
