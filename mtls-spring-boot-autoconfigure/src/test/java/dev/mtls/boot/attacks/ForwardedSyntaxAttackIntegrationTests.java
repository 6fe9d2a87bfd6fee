package dev.mtls.boot.attacks;

import java.nio.file.Path;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks: the other ways of rewriting a request's addresses ({@code Forwarded} of RFC 7239,
 * {@code X-Forwarded-Host}, Spring's own forwarded header filter and transformer with
 * {@code server.forward-headers-strategy=framework}) must not make a caller the trusted proxy or
 * open the management port exemption.
 */
class ForwardedSyntaxAttackIntegrationTests {

	private static final String PROXY_ADDRESS = "127.0.0.2";

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate admin;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.pki.write("edge-proxy", this.pki.client("edge-proxy"));
		this.pki.write("mallory", this.pki.client("mallory"));
		this.pki.write("orders", this.pki.client("orders"));
		this.admin = this.pki.client("admin-1");
	}

	@ParameterizedTest
	@CsvSource({ "SERVLET,native", "REACTIVE,native", "SERVLET,framework", "REACTIVE,framework" })
	void forwardedHeadersOfEverySpellingDoNotMakeACallerTheTrustedProxy(WebApplicationType type, String strategy) {
		try (AttackedApplication app = AttackedApplication.start(type, this.pki, "app", this.pki.server("app"),
				"--server.forward-headers-strategy=" + strategy, "--mtls.proxy.enabled=true",
				"--mtls.proxy.header=X-Client-Cert", "--mtls.proxy.format=pem-url-encoded",
				"--mtls.proxy.trusted-proxies=" + PROXY_ADDRESS + "/32")) {
			String[][] spellings = { { "Forwarded: for=" + PROXY_ADDRESS },
					{ "Forwarded: for=\"" + PROXY_ADDRESS + ":443\";proto=https" },
					{ "Forwarded: for=10.9.9.9, for=" + PROXY_ADDRESS }, { "X-Forwarded-For: " + PROXY_ADDRESS },
					{ "X-Forwarded-For: 10.9.9.9, " + PROXY_ADDRESS }, { "X-Real-IP: " + PROXY_ADDRESS },
					{ "X-Forwarded-For: " + PROXY_ADDRESS, "Forwarded: for=" + PROXY_ADDRESS } };
			for (String[] headers : spellings) {
				Curl curl = Curl.trusting(this.pki).as("mallory");
				for (String header : headers) {
					curl.header(header);
				}
				String attack = curl.header("X-Client-Cert: " + Curl.escaped(this.admin)).get(app.port(), "/peer");
				assertThat(attack).as(String.join(" | ", headers)).startsWith("200 " + TestPki.spiffeId("mallory") + " ");
			}
			String proxied = Curl.trusting(this.pki)
				.as("edge-proxy")
				.from(PROXY_ADDRESS)
				.header("X-Client-Cert: " + Curl.escaped(this.admin))
				.get(app.port(), "/peer");
			assertThat(proxied).startsWith("200 " + TestPki.spiffeId("admin-1") + " ");
		}
	}

	@ParameterizedTest
	@CsvSource({ "SERVLET,native", "REACTIVE,native", "SERVLET,framework", "REACTIVE,framework" })
	void forwardedHostAndPortDoNotOpenTheManagementPortExemption(WebApplicationType type, String strategy) {
		try (AttackedApplication app = AttackedApplication.start(type, this.pki, "app", this.pki.server("app"),
				"--server.forward-headers-strategy=" + strategy, "--mtls.server.client-auth=want",
				"--management.server.port=0", "--management.endpoints.web.exposure.include=health,mtls",
				"--server.tomcat.remoteip.internal-proxies=.*", "--spring.main.allow-bean-definition-overriding=true")) {
			int management = app.managementPort();
			String[] spellings = { "X-Forwarded-Port: " + management, "X-Forwarded-Host: localhost:" + management,
					"Forwarded: host=\"localhost:" + management + "\";proto=http",
					"Forwarded: host=\"localhost:" + management + "\";proto=https", "Host: localhost:" + management };
			for (String header : spellings) {
				assertThat(Curl.trusting(this.pki).header(header).get(app.port(), "/whoami")).as(header)
					.startsWith("401 ");
				assertThat(Curl.trusting(this.pki).header(header).get(app.port(), "/actuator/mtls")).as(header)
					.startsWith("401 ");
			}
			assertThat(Curl.trusting(this.pki).plainGet(management, "/actuator/health")).startsWith("200 ");
			assertThat(Curl.trusting(this.pki).as("orders").get(app.port(), "/whoami")).startsWith("200 ");
		}
	}

}
