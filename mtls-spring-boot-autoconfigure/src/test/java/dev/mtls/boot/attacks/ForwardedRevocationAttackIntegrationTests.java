package dev.mtls.boot.attacks;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.OcspResponder;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: a forwarded certificate is checked for revocation when first seen; once the OCSP
 * responder says "revoked" and the cached answer has expired, it must be refused, as the same
 * certificate on a new TLS connection is.
 */
class ForwardedRevocationAttackIntegrationTests {

	private static final String PROXY = TestPki.spiffeId("edge-proxy");

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate orders;

	private IssuedCertificate proxy;

	private IssuedCertificate app;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.proxy = this.pki.client("edge-proxy");
		this.pki.write("edge-proxy", this.proxy);
		this.orders = this.pki.client("orders");
		this.pki.write("orders", this.orders);
		this.app = this.pki.server("app");
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aForwardedCertificateRevokedLaterIsRefused(WebApplicationType type) throws Exception {
		// openssl's index allows one valid entry per subject (all are "/CN=test"): the proxy is
		// "unknown", let in by soft-fail; orders is good, then revoked (never let in by soft-fail).
		AtomicReference<OcspResponder> responder = new AtomicReference<>(
				start("before", new IssuedCertificate[] { this.orders }, new IssuedCertificate[0]));
		HttpServer relay = relay(responder);
		try (AttackedApplication peer = AttackedApplication.start(type, this.pki, "app", this.app, "--mtls.proxy.enabled=true",
				"--mtls.proxy.header=X-Client-Cert", "--mtls.proxy.format=pem-url-encoded",
				"--mtls.proxy.trusted-proxy-peers=" + PROXY, "--mtls.revocation.mode=ocsp",
				"--mtls.revocation.cache-ttl=1s", "--mtls.revocation.soft-fail=true",
				"--mtls.revocation.ocsp-responder=http://127.0.0.1:" + relay.getAddress().getPort())) {
			assertThat(forwarded(peer)).startsWith("200 " + TestPki.spiffeId("orders"));
			assertThat(Curl.trusting(this.pki).as("orders").get(peer.port(), "/peer"))
				.startsWith("200 " + TestPki.spiffeId("orders"));
			responder.getAndSet(start("after", new IssuedCertificate[0],
					new IssuedCertificate[] { this.orders })).close();
			Thread.sleep(2000);
			// The twin: on its own new connection, orders is refused now.
			assertThat(Curl.trusting(this.pki).as("orders").get(peer.port(), "/peer")).doesNotStartWith("200 ");
			// Before the fix this stayed 200: the forwarded certificate was never checked again.
			assertThat(forwarded(peer)).startsWith("401 ");
		}
		finally {
			relay.stop(0);
			responder.get().close();
		}
	}

	private String forwarded(AttackedApplication peer) {
		return Curl.trusting(this.pki)
			.as("edge-proxy")
			.header("X-Client-Cert: " + Curl.escaped(this.orders))
			.get(peer.port(), "/peer");
	}

	private OcspResponder start(String name, IssuedCertificate[] good, IssuedCertificate[] revoked) throws IOException {
		Path directory = Files.createDirectories(this.directory.resolve(name));
		return OcspResponder.start(directory, this.pki.root(), good, revoked);
	}

	/** A fixed address for the application, relaying to whichever responder is current. */
	private static HttpServer relay(AtomicReference<OcspResponder> responder) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] request = exchange.getRequestBody().readAllBytes();
			HttpURLConnection connection = (HttpURLConnection) URI
				.create(responder.get().url() + exchange.getRequestURI())
				.toURL()
				.openConnection();
			connection.setRequestMethod(exchange.getRequestMethod());
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (contentType != null) {
				connection.setRequestProperty("Content-Type", contentType);
			}
			if (request.length > 0) {
				connection.setDoOutput(true);
				connection.getOutputStream().write(request);
			}
			byte[] body;
			try (InputStream in = connection.getInputStream()) {
				body = in.readAllBytes();
			}
			exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
			exchange.sendResponseHeaders(connection.getResponseCode(), body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

}
