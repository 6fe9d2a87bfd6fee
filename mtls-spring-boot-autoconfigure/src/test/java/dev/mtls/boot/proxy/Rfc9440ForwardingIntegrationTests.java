package dev.mtls.boot.proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.ProxyProcess;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9440's {@code Client-Cert} and {@code Client-Cert-Chain} in front of servlet and reactive
 * applications: written by hand with curl from the trusted proxy's address, and by Debian's HAProxy
 * ({@code :%[ssl_c_der,base64]:}, and {@code ssl_c_chain_der} for the one intermediate). The clients
 * are issued by an intermediate CA and the application trusts only the root, so a caller gets in
 * only with the chain from {@code Client-Cert-Chain}. Every refusal has a twin on the same instance
 * that gets in.
 */
class Rfc9440ForwardingIntegrationTests {

	private static final String PROXY_ADDRESS = "127.0.0.2";

	// ssl_c_chain_der is the client's certificates after the leaf, one DER after another: one Byte
	// Sequence is right only for a single intermediate, as here.
	private static final String CHAIN = ":%[ssl_c_chain_der,base64]: if { ssl_c_chain_der,length gt 0 }";

	private static final String MALFORMED = "400 400 Bad Request: forwarded client certificate header Client-Cert is "
			+ "malformed: ";

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate orders;

	private IssuedCertificate admin;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.pki.write("edge-proxy", this.pki.server("edge-proxy"));
		this.pki.write("mallory", this.pki.client("mallory"));
		this.orders = this.pki.client("orders", this.pki.intermediate());
		this.pki.write("orders", this.orders);
		this.admin = this.pki.client("admin-1", this.pki.intermediate());
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void curlSendingTheHeadersFromTheTrustedAddressIsReadStrictly(WebApplicationType type) {
		try (RunningPeer app = start(type, "--mtls.proxy.trusted-proxies=" + PROXY_ADDRESS + "/32",
				"--server.http2.enabled=true")) {
			String leaf = "Client-Cert: " + byteSequence(this.orders.certificate());
			String chain = "Client-Cert-Chain: " + byteSequence(this.pki.intermediate().certificate());
			String orders = "200 " + TestPki.spiffeId("orders") + " " + serial(this.orders);
			// Without the chain the leaf does not reach the root the application trusts; with it, it does
			// (and, verified once, the leaf is remembered like a TLS peer's).
			assertThat(proxy().header(leaf).get(app.port(), "/peer"))
				.startsWith("401 401 Unauthorized: client certificate not accepted");
			assertThat(proxy().header(leaf).header(chain).get(app.port(), "/peer")).isEqualTo(orders);
			// What RFC 8941 allows: no padding, and spaces or tabs around commas (HTTP/2 allows no whitespace
			// at either end of a value).
			assertThat(proxy().header(leaf.replace("=", ""))
				.header(chain + " ,\t" + byteSequence(this.pki.root().certificate()))
				.get(app.port(), "/peer")).isEqualTo(orders);
			assertThat(proxy().header(leaf).header(chain + ";trusted=?1").get(app.port(), "/peer"))
				.isEqualTo(MALFORMED + "Client-Cert-Chain: parameters, which RFC 9440 does not define");
			String bareBase64 = "Client-Cert: " + byteSequence(this.orders.certificate()).replace(":", "");
			assertThat(proxy().header(bareBase64).header(chain).get(app.port(), "/peer"))
				.isEqualTo(MALFORMED + "Client-Cert: not a Byte Sequence (:base64:)");
			assertThat(proxy().header(chain).get(app.port(), "/peer"))
				.isEqualTo(MALFORMED + "Client-Cert-Chain without Client-Cert; the proxy must replace both headers");
			String url = "https://localhost:" + app.port() + "/peer";
			String lowerCase = "client-cert-chain: " + byteSequence(this.pki.root().certificate());
			for (String version : new String[] { "--http1.1", "--http2" }) {
				assertThat(Curl.request(this.pki, "edge-proxy", PROXY_ADDRESS, url, version, "-H", leaf, "-H", chain, "-H",
						lowerCase))
					.as(version)
					.isEqualTo(MALFORMED + "2 Client-Cert-Chain header lines; the proxy must replace the caller's "
							+ "header, not add its own");
				assertThat(Curl.request(this.pki, "edge-proxy", PROXY_ADDRESS, url, version, "-H", leaf, "-H", chain))
					.as(version)
					.isEqualTo(orders);
			}
			assertThat(proxy().header("Client-Cert: " + byteSequence(this.admin.certificate()))
				.header(leaf)
				.header(chain)
				.get(app.port(), "/peer")).startsWith(MALFORMED + "2 Client-Cert header lines");
			assertThat(forwarded(app, "forwarded")).isEqualTo(5);
			assertThat(forwarded(app, "malformed")).isEqualTo(6);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aCallerThatIsNotTheProxyCannotSendEitherHeader(WebApplicationType type) {
		try (RunningPeer app = start(type, "--mtls.proxy.trusted-proxies=" + PROXY_ADDRESS + "/32",
				"--spring.main.sources=" + SeenHeaders.class.getName())) {
			String leaf = "Client-Cert: " + byteSequence(this.admin.certificate());
			String chain = "Client-Cert-Chain: " + byteSequence(this.pki.intermediate().certificate());
			String mallory = "200 " + TestPki.spiffeId("mallory") + " ";
			assertThat(Curl.trusting(this.pki).as("mallory").header(leaf).header(chain).get(app.port(), "/peer"))
				.startsWith(mallory);
			assertThat(Curl.trusting(this.pki).as("mallory").header(chain).get(app.port(), "/peer"))
				.startsWith(mallory);
			assertThat(forwarded(app, "untrusted-source")).isEqualTo(2);
			// Neither header reaches the application, whoever sent it.
			assertThat(Curl.trusting(this.pki).as("mallory").header(leaf).header(chain).get(app.port(), "/seen"))
				.isEqualTo("200 Client-Cert=false Client-Cert-Chain=false");
			assertThat(proxy().header("Client-Cert: " + byteSequence(this.orders.certificate()))
				.header(chain)
				.get(app.port(), "/seen")).isEqualTo("200 Client-Cert=false Client-Cert-Chain=false");
			assertThat(forwarded(app, "forwarded")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void haproxyForwardsTheLeafAndItsChainAndACallersOwnChainLineIsRefused(WebApplicationType type)
			throws Exception {
		this.pki.write("billing", this.pki.client("billing"));
		String forged = "Client-Cert-Chain: " + byteSequence(this.pki.intermediate().certificate());
		String orders = "200 " + TestPki.spiffeId("orders") + " " + serial(this.orders);
		try (RunningPeer app = start(type, "--mtls.proxy.trusted-proxy-peers=" + TestPki.spiffeId("edge-proxy"));
				ProxyProcess documented = haproxy(app, "documented", """
						http-request del-header Client-Cert-Chain
						http-request set-header Client-Cert-Chain %s""".formatted(CHAIN));
				ProxyProcess adding = haproxy(app, "adding", "http-request add-header Client-Cert-Chain " + CHAIN)) {
			// As docs/proxies.md configures it.
			assertThat(Curl.trusting(this.pki).as("orders").get(documented.port(), "/peer")).as(documented.log())
				.isEqualTo(orders);
			// A client issued by the root presents no intermediate: HAProxy sends Client-Cert alone.
			assertThat(Curl.trusting(this.pki).as("billing").get(documented.port(), "/peer")).as(documented.log())
				.startsWith("200 " + TestPki.spiffeId("billing") + " ");
			assertThat(Curl.trusting(this.pki).as("orders").header(forged).get(documented.port(), "/peer"))
				.as(documented.log())
				.isEqualTo(orders);
			// This one adds its Client-Cert-Chain line behind the caller's.
			assertThat(Curl.trusting(this.pki).as("orders").header(forged).get(adding.port(), "/peer"))
				.as(adding.log())
				.isEqualTo(MALFORMED + "2 Client-Cert-Chain header lines; the proxy must replace the caller's header, "
						+ "not add its own");
			assertThat(Curl.trusting(this.pki).as("orders").get(adding.port(), "/peer")).as(adding.log())
				.isEqualTo(orders);
			assertThat(forwarded(app, "forwarded")).isEqualTo(4);
			assertThat(forwarded(app, "malformed")).isOne();
		}
	}

	/**
	 * Says which of RFC 9440's headers an application would see (and could pass on).
	 */
	@RestController
	static class SeenHeaders {

		@GetMapping("/seen")
		String seen(@RequestHeader HttpHeaders headers) {
			return "Client-Cert=" + headers.containsHeader("Client-Cert") + " Client-Cert-Chain="
					+ headers.containsHeader("Client-Cert-Chain");
		}

	}

	private ProxyProcess haproxy(RunningPeer app, String name, String chainHeader) throws Exception {
		Path proxyPem = this.directory.resolve("edge-proxy.pem");
		Files.writeString(proxyPem, Files.readString(this.directory.resolve("edge-proxy.crt"))
				+ Files.readString(this.directory.resolve("edge-proxy.key")));
		Path root = this.pki.writeCertificates("root.crt", this.pki.root());
		return ProxyProcess.haproxy(Files.createDirectories(this.directory.resolve(name)), """
				defaults
					mode http
					timeout connect 5s
					timeout client 30s
					timeout server 30s
				frontend edge
					bind 127.0.0.1:%%PORT%% ssl crt %1$s ca-file %2$s verify required
					http-request set-header Client-Cert :%%[ssl_c_der,base64]:
					%4$s
					default_backend app
				backend app
					server app 127.0.0.1:%3$d ssl crt %1$s ca-file %2$s verify required verifyhost localhost sni str(localhost)
				""".formatted(proxyPem, root, app.port(), chainHeader.replace("\n", "\n\t")));
	}

	private RunningPeer start(WebApplicationType type, String... more) {
		String[] arguments = { "--mtls.proxy.enabled=true", "--mtls.proxy.format=rfc9440" };
		String[] all = new String[arguments.length + more.length];
		System.arraycopy(arguments, 0, all, 0, arguments.length);
		System.arraycopy(more, 0, all, arguments.length, more.length);
		return RunningPeer.start(type, this.pki, "app", this.pki.server("app"), all);
	}

	private Curl proxy() {
		return Curl.trusting(this.pki).as("edge-proxy").from(PROXY_ADDRESS);
	}

	private static String byteSequence(X509Certificate certificate) {
		try {
			return ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
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

	private static String serial(IssuedCertificate certificate) {
		return certificate.certificate().getSerialNumber().toString(16);
	}

}
