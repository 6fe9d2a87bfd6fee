package dev.mtls.boot.attacks;

import java.nio.file.Path;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks: the forwarded certificate header from a trusted proxy, sent in the ways a proxy
 * that adds instead of replacing (or a caller behind it) might: two lines differing in case, over
 * HTTP/2, empty; and whether the application sees it afterwards.
 */
class HeaderLinesAttackIntegrationTests {

	private static final String PROXY = TestPki.spiffeId("edge-proxy");

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate admin;

	private IssuedCertificate orders;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.pki.write("edge-proxy", this.pki.client("edge-proxy"));
		this.orders = this.pki.client("orders");
		this.pki.write("orders", this.orders);
		this.admin = this.pki.client("admin-1");
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void twoLinesInAnyCaseOverHttp1AndHttp2AreRefused(WebApplicationType type) {
		try (AttackedApplication app = start(type, "--server.http2.enabled=true")) {
			String url = "https://localhost:" + app.port() + "/peer";
			String forged = "X-Client-Cert: " + Curl.escaped(this.admin);
			String real = "x-client-cert: " + Curl.escaped(this.orders);
			for (String version : new String[] { "--http1.1", "--http2" }) {
				assertThat(Curl.request(this.pki, "edge-proxy", null, url, version, "-H", forged, "-H", real))
					.as(version)
					.startsWith("400 ");
				assertThat(Curl.request(this.pki, "edge-proxy", null, url, version, "-H", real)).as(version)
					.startsWith("200 " + TestPki.spiffeId("orders") + " ");
			}
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void anEmptyHeaderIsNeitherTheProxyNorAnyone(WebApplicationType type) {
		try (AttackedApplication app = start(type)) {
			String url = "https://localhost:" + app.port() + "/whoami";
			// curl sends "X-Client-Cert:" with an empty value when the header ends in ';'.
			String empty = Curl.request(this.pki, "edge-proxy", null, url, "-H", "X-Client-Cert;");
			assertThat(empty).doesNotStartWith("200 ");
			String blank = Curl.request(this.pki, "edge-proxy", null, url, "-H", "X-Client-Cert:   ");
			assertThat(blank).doesNotStartWith("200 ");
			assertThat(Curl.request(this.pki, "orders", null, url)).startsWith("200 ");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void theApplicationDoesNotSeeTheHeader(WebApplicationType type) {
		try (AttackedApplication app = start(type)) {
			String url = "https://localhost:" + app.port() + "/seen-header";
			String forwarded = Curl.request(this.pki, "edge-proxy", null, url, "-H",
					"X-Client-Cert: " + Curl.escaped(this.orders));
			assertThat(forwarded).isEqualTo("200 " + TestPki.spiffeId("orders") + " header=absent");
			String untrusted = Curl.request(this.pki, "orders", null, url, "-H",
					"X-Client-Cert: " + Curl.escaped(this.admin));
			assertThat(untrusted).isEqualTo("200 " + TestPki.spiffeId("orders") + " header=absent");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aTrustedProxyWithoutTheHeaderIsNobodyOnErrorPathsToo(WebApplicationType type) {
		try (AttackedApplication app = start(type)) {
			String base = "https://localhost:" + app.port();
			assertThat(Curl.request(this.pki, "edge-proxy", null, base + "/no-such-path")).startsWith("401 ");
			assertThat(Curl.request(this.pki, "edge-proxy", null, base + "/whoami", "-X", "DELETE"))
				.startsWith("401 ");
			assertThat(Curl.request(this.pki, "orders", null, base + "/no-such-path")).startsWith("404 ");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET" })
	void asyncDispatchKeepsThePeerAndHidesTheProxy(WebApplicationType type) {
		try (AttackedApplication app = start(type)) {
			String url = "https://localhost:" + app.port() + "/async";
			String hidden = Curl.request(this.pki, "edge-proxy", null, url);
			String forwarded = Curl.request(this.pki, "edge-proxy", null, url, "-H",
					"X-Client-Cert: " + Curl.escaped(this.orders));
			String direct = Curl.request(this.pki, "orders", null, url);
			assertThat(hidden).startsWith("401 ");
			// Both fail with 401 on the async dispatch: the peer is not authenticated there.
			assertThat(new String[] { forwarded, direct }).as("forwarded, direct")
				.containsExactly("200 async " + TestPki.spiffeId("orders"), "200 async " + TestPki.spiffeId("orders"));
		}
	}

	private AttackedApplication start(WebApplicationType type, String... extra) {
		String[] arguments = { "--mtls.proxy.enabled=true", "--mtls.proxy.header=X-Client-Cert",
				"--mtls.proxy.format=pem-url-encoded", "--mtls.proxy.trusted-proxy-peers=" + PROXY };
		String[] all = new String[arguments.length + extra.length];
		System.arraycopy(arguments, 0, all, 0, arguments.length);
		System.arraycopy(extra, 0, all, arguments.length, extra.length);
		return AttackedApplication.start(type, this.pki, "app", this.pki.server("app"), all);
	}

}
