package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.devca.IssuedCertificate;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Let's Encrypt's test ACME CA (Debian's {@code pebble}, which {@code .ci/run} installs) started on
 * free loopback ports with a configuration written for the test: its HTTPS certificate from a
 * {@link TestPki}, challenges validated against given ports, no sleeps before validation, no
 * reused authorizations (each order is validated again) and no rejected nonces. Without the
 * program the test is skipped, see {@link Tools}.
 */
public final class Pebble implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private final int managementPort;

	private final IssuedCertificate httpsCa;

	private Pebble(Process process, Path log, int port, int managementPort, IssuedCertificate httpsCa) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.managementPort = managementPort;
		this.httpsCa = httpsCa;
	}

	/**
	 * Start Pebble.
	 * @param directory where its configuration, HTTPS key and log go
	 * @param pki issues its HTTPS certificate (for localhost)
	 * @param httpPort the port http-01 challenges are validated against
	 * @param validity lifetime of the certificates it issues
	 * @param port the ACME port, 0 for a free one
	 * @return the running CA
	 */
	public static Pebble start(Path directory, TestPki pki, int httpPort, Duration validity, int port) {
		return start(directory, pki, httpPort, freePort(), validity, port);
	}

	/**
	 * Start Pebble, validating tls-alpn-01 challenges against {@code tlsPort}.
	 * @param directory where its configuration, HTTPS key and log go
	 * @param pki issues its HTTPS certificate (for localhost)
	 * @param httpPort the port http-01 challenges are validated against
	 * @param tlsPort the port tls-alpn-01 challenges are validated against
	 * @param validity lifetime of the certificates it issues
	 * @param port the ACME port, 0 for a free one
	 * @return the running CA
	 */
	public static Pebble start(Path directory, TestPki pki, int httpPort, int tlsPort, Duration validity, int port) {
		Tools.require("pebble");
		try {
			Path home = Files.createDirectories(directory.resolve("pebble")).toAbsolutePath();
			Path certificate = pki.write("pebble-https", pki.server("pebble"));
			int acmePort = (port != 0) ? port : freePort();
			int managementPort = freePort();
			String configuration = """
					{
					  "pebble": {
					    "listenAddress": "127.0.0.1:%d",
					    "managementListenAddress": "127.0.0.1:%d",
					    "certificate": "%s",
					    "privateKey": "%s",
					    "httpPort": %d,
					    "tlsPort": %d,
					    "ocspResponderURL": "",
					    "externalAccountBindingRequired": false,
					    "certificateValidityPeriod": %d
					  }
					}
					""".formatted(acmePort, managementPort, certificate, pki.key("pebble-https"), httpPort, tlsPort,
					validity.toSeconds());
			Path file = Files.writeString(home.resolve("pebble-config.json"), configuration);
			Path log = home.resolve("pebble.log");
			ProcessBuilder builder = new ProcessBuilder("pebble", "-config", file.toString()).directory(home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment()
				.putAll(Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0", "PEBBLE_AUTHZREUSE", "0"));
			Pebble pebble = new Pebble(builder.start(), log, acmePort, managementPort, pki.root());
			pebble.awaitListening();
			return pebble;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The ACME directory URL. */
	public String directory() {
		return "https://localhost:" + this.port + "/dir";
	}

	public int port() {
		return this.port;
	}

	/** The CA certificate of Pebble's own HTTPS certificate (not of the certificates it issues). */
	public IssuedCertificate httpsCa() {
		return this.httpsCa;
	}

	/** The root certificate of the chains Pebble issues (a new one each time Pebble starts). */
	public X509Certificate issuingRoot() {
		List<X509Certificate> roots = PemContent.of(management("/roots/0")).getCertificates();
		return roots.get(0);
	}

	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private String management(String path) {
		try {
			HttpClient client = HttpClient.newBuilder().sslContext(TlsClient.anonymous(this.httpsCa).sslContext()).build();
			HttpResponse<String> response = client.send(HttpRequest
				.newBuilder(URI.create("https://localhost:" + this.managementPort + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitListening() {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (true) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException notYet) {
				if (!this.process.isAlive() || Instant.now().isAfter(deadline)) {
					close();
					throw new IllegalStateException("pebble did not start listening on " + this.port + ":\n" + log());
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	/** Stop the CA (its state, accounts and certificates included, is gone). */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
