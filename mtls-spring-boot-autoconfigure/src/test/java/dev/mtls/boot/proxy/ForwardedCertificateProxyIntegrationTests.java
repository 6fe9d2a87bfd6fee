package dev.mtls.boot.proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.ProxyProcess;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client certificates forwarded by real TLS-terminating proxies from Debian (nginx with
 * {@code $ssl_client_escaped_cert}, HAProxy with {@code ssl_c_der,base64}) in front of servlet and
 * reactive applications, and the same header sent by clients that are not the proxy. The proxy
 * connects to the application with its own client certificate and is trusted by its principal.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedCertificateProxyIntegrationTests {

	private static final String PROXY = TestPki.spiffeId("edge-proxy");

	@TempDir
	Path directory;

	private TestPki pki;

	private Path ca;

	private IssuedCertificate proxy;

	private IssuedCertificate client;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.ca = this.pki.writeCertificates("ca.crt", this.pki.root());
		this.proxy = this.pki.server("edge-proxy");
		this.pki.write("edge-proxy", this.proxy);
		this.client = this.pki.client("orders");
		this.pki.write("orders", this.client);
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void nginxForwardsTheClientCertificateItVerified(WebApplicationType type) throws Exception {
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded");
				ProxyProcess nginx = nginx(app, "on")) {
			assertThat(curl(nginx.port(), "/peer", "orders")).as(nginx.log())
				.isEqualTo("200 " + TestPki.spiffeId("orders") + " " + serial(this.client));
			assertThat(forwarded(app, "forwarded")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aCallerWithoutACertificateIsNotTakenForTheProxy(WebApplicationType type) throws Exception {
		// With optional verification nginx sends no header for such a caller, but its own certificate.
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded");
				ProxyProcess nginx = nginx(app, "optional")) {
			assertThat(curl(nginx.port(), "/peer", null)).as(nginx.log())
				.isEqualTo("401 401 Unauthorized: a client certificate is required; the trusted proxy forwarded none, "
						+ "and its own certificate counts only with mtls.proxy.allow-proxy-identity=true");
			assertThat(curl(nginx.port(), "/peer", "orders")).as(nginx.log())
				.isEqualTo("200 " + TestPki.spiffeId("orders") + " " + serial(this.client));
			assertThat(forwarded(app, "proxy-without-certificate")).isOne();
			assertThat(forwarded(app, "forwarded")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void theProxyMayCallAsItselfWhenAllowed(WebApplicationType type) throws Exception {
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded", "--mtls.proxy.allow-proxy-identity=true");
				ProxyProcess nginx = nginx(app, "optional")) {
			assertThat(curl(nginx.port(), "/peer", null)).as(nginx.log())
				.isEqualTo("200 " + PROXY + " " + serial(this.proxy));
			assertThat(curl(nginx.port(), "/peer", "orders")).as(nginx.log())
				.isEqualTo("200 " + TestPki.spiffeId("orders") + " " + serial(this.client));
			assertThat(forwarded(app, "proxy-without-certificate")).isZero();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void haproxyForwardsTheClientCertificateItVerified(WebApplicationType type) throws Exception {
		try (RunningPeer app = start(type, "X-SSL-Client-Cert", "der-base64");
				ProxyProcess haproxy = haproxy(app, "set-header")) {
			assertThat(curl(haproxy.port(), "/peer", "orders")).as(haproxy.log())
				.isEqualTo("200 " + TestPki.spiffeId("orders") + " " + serial(this.client));
			assertThat(forwarded(app, "forwarded")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aCallersOwnHeaderInFrontOfTheOneAProxyAddsIsRefused(WebApplicationType type) throws Exception {
		// HAProxy's add-header keeps the caller's line and adds its own behind it.
		this.pki.write("mallory", this.pki.client("mallory"));
		String admin = Base64.getEncoder().encodeToString(this.pki.client("admin-1").certificate().getEncoded());
		try (RunningPeer app = start(type, "X-SSL-Client-Cert", "der-base64");
				ProxyProcess haproxy = haproxy(app, "add-header")) {
			assertThat(curl(haproxy.port(), "/peer", "mallory", "X-SSL-Client-Cert: " + admin)).as(haproxy.log())
				.isEqualTo("400 400 Bad Request: forwarded client certificate header X-SSL-Client-Cert is malformed: "
						+ "2 X-SSL-Client-Cert header lines; the proxy must replace the caller's header, not add its own");
			assertThat(curl(haproxy.port(), "/peer", "orders")).as(haproxy.log())
				.isEqualTo("200 " + TestPki.spiffeId("orders") + " " + serial(this.client));
			assertThat(forwarded(app, "malformed")).isOne();
			assertThat(forwarded(app, "forwarded")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aClientThatIsNotTheProxyCannotForwardACertificate(WebApplicationType type, CapturedOutput output)
			throws Exception {
		// A genuine certificate of another peer, from the same CA: only the proxy may pass it on.
		IssuedCertificate admin = this.pki.client("admin-1");
		this.pki.write("mallory", this.pki.client("mallory"));
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded")) {
			assertThat(curl(app.port(), "/peer", "mallory", "X-Client-Cert: " + escaped(admin)))
				.startsWith("200 " + TestPki.spiffeId("mallory") + " ");
			assertThat(forwarded(app, "untrusted-source")).isOne();
			assertThat(forwarded(app, "forwarded")).isZero();
			assertThat(output).contains("mTLS ignored forwarded client certificate header X-Client-Cert from 127.0.0.1")
				.contains("mallory");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void theApplicationDoesNotSeeTheHeaderSoItCannotPassItOn(WebApplicationType type) throws Exception {
		this.pki.write("mallory", this.pki.client("mallory"));
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded",
				"--spring.main.sources=" + HeaderEcho.class.getName());
				ProxyProcess nginx = nginx(app, "on")) {
			assertThat(curl(nginx.port(), "/headers", "orders", "X-Other: 1")).as(nginx.log())
				.isEqualTo("200 X-Client-Cert=false X-Other=true");
			assertThat(curl(app.port(), "/headers", "mallory", "X-Other: 1", "X-Client-Cert: " + escaped(this.client)))
				.isEqualTo("200 X-Client-Cert=false X-Other=true");
			assertThat(forwarded(app, "forwarded")).isOne();
			assertThat(forwarded(app, "untrusted-source")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aMalformedHeaderFromTheProxyIsRefusedWithAShortReason(WebApplicationType type) throws Exception {
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded")) {
			String answer = curl(app.port(), "/peer", "edge-proxy", "X-Client-Cert: -----BEGIN%20CERTIFICATE-----%ZZ");
			assertThat(answer).isEqualTo(
					"400 400 Bad Request: forwarded client certificate header X-Client-Cert is malformed: invalid URL encoding");
			assertThat(forwarded(app, "malformed")).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aForwardedCertificateFromAnUntrustedCaIsRefused(WebApplicationType type) throws Exception {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		IssuedCertificate stranger = this.pki.client("stranger", otherCa);
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded")) {
			String answer = curl(app.port(), "/peer", "edge-proxy", "X-Client-Cert: " + escaped(stranger));
			assertThat(answer).startsWith("401 401 Unauthorized: client certificate not accepted");
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(registry.get("mtls.authentications").tag("outcome", "failure").counter().count()).isOne();
			assertThat(registry.get("mtls.handshake.failures").tag("reason", "untrusted").tag("side", "server")
				.counter()
				.count()).isOne();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void anExpiredForwardedCertificateIsRefused(WebApplicationType type) throws Exception {
		IssuedCertificate expired = this.pki.expiredClient("late");
		try (RunningPeer app = start(type, "X-Client-Cert", "pem-url-encoded")) {
			String answer = curl(app.port(), "/peer", "edge-proxy", "X-Client-Cert: " + escaped(expired));
			assertThat(answer).startsWith("401 401 Unauthorized: forwarded client certificate not accepted: certificate CN=late");
			assertThat(forwarded(app, "expired")).isOne();
		}
	}

	/**
	 * Echoes which headers an application would see (and could pass on to a service it calls).
	 */
	@RestController
	static class HeaderEcho {

		@GetMapping("/headers")
		String headers(@RequestHeader HttpHeaders headers,
				@RequestHeader(name = "X-Client-Cert", required = false) String header) {
			return "X-Client-Cert=" + (headers.containsHeader("X-Client-Cert") || header != null) + " X-Other="
					+ headers.containsHeader("X-Other");
		}

	}

	private ProxyProcess nginx(RunningPeer app, String verifyClient) {
		return ProxyProcess.nginx(this.directory, """
				server {
					listen 127.0.0.1:%%PORT%% ssl;
					ssl_certificate "%1$s/edge-proxy.crt";
					ssl_certificate_key "%1$s/edge-proxy.key";
					ssl_client_certificate "%2$s";
					ssl_verify_client %4$s;
					location / {
						proxy_pass https://127.0.0.1:%3$d;
						proxy_ssl_certificate "%1$s/edge-proxy.crt";
						proxy_ssl_certificate_key "%1$s/edge-proxy.key";
						proxy_ssl_trusted_certificate "%2$s";
						proxy_ssl_verify on;
						proxy_ssl_name localhost;
						proxy_set_header X-Client-Cert $ssl_client_escaped_cert;
					}
				}
				""".formatted(this.directory, this.ca, app.port(), verifyClient));
	}

	private ProxyProcess haproxy(RunningPeer app, String headerAction) throws Exception {
		Path proxyPem = this.directory.resolve("edge-proxy.pem");
		Files.writeString(proxyPem, Files.readString(this.directory.resolve("edge-proxy.crt"))
				+ Files.readString(this.directory.resolve("edge-proxy.key")));
		return ProxyProcess.haproxy(this.directory, """
				defaults
					mode http
					timeout connect 5s
					timeout client 30s
					timeout server 30s
				frontend edge
					bind 127.0.0.1:%%PORT%% ssl crt %1$s ca-file %2$s verify required
					http-request %4$s X-SSL-Client-Cert %%[ssl_c_der,base64]
					default_backend app
				backend app
					server app 127.0.0.1:%3$d ssl crt %1$s ca-file %2$s verify required verifyhost localhost sni str(localhost)
				""".formatted(proxyPem, this.ca, app.port(), headerAction));
	}

	private RunningPeer start(WebApplicationType type, String header, String format, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--mtls.proxy.enabled=true", "--mtls.proxy.header=" + header,
				"--mtls.proxy.format=" + format, "--mtls.proxy.trusted-proxy-peers=" + PROXY));
		arguments.addAll(List.of(more));
		return RunningPeer.start(type, this.pki, "app", this.pki.server("app"), arguments.toArray(String[]::new));
	}

	private static double forwarded(RunningPeer app, String outcome) {
		return app.context().getBean(MeterRegistry.class).get("mtls.proxy.forwarded").tag("outcome", outcome)
			.counter()
			.count();
	}

	/**
	 * Call with curl as the named peer, or without a certificate when {@code as} is {@code null}.
	 */
	private String curl(int port, String path, String as, String... headers) {
		List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert", this.ca.toString(),
				"-w", " %{http_code}"));
		if (as != null) {
			command.addAll(List.of("--cert", this.directory.resolve(as + ".crt").toString(), "--key",
					this.directory.resolve(as + ".key").toString()));
		}
		for (String header : headers) {
			command.addAll(List.of("-H", header));
		}
		command.add("https://localhost:" + port + path);
		Command result = Command.run(command.toArray(String[]::new));
		String output = result.output().strip();
		// Body then status; put the status first.
		int space = output.lastIndexOf(' ');
		return output.substring(space + 1) + " " + output.substring(0, space).strip();
	}

	private static String escaped(IssuedCertificate certificate) {
		return java.net.URLEncoder.encode(certificate.certificatePem(), java.nio.charset.StandardCharsets.UTF_8)
			.replace("+", "%20");
	}

	private static String serial(IssuedCertificate certificate) {
		return certificate.certificate().getSerialNumber().toString(16);
	}

}
