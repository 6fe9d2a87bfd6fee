package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.mtls.boot.devca.IssuedCertificate;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import static org.awaitility.Awaitility.await;

/**
 * {@code openssl ocsp} running as an OCSP responder on loopback for a CA, with an index of good
 * and revoked certificates; certificates not in the index are answered "unknown".
 */
public final class OcspResponder implements AutoCloseable {

	private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Process process;

	private final int port;

	private final Path index;

	private OcspResponder(Process process, int port, Path index) {
		this.process = process;
		this.port = port;
		this.index = index;
	}

	public static OcspResponder start(Path directory, IssuedCertificate ca, IssuedCertificate[] good,
			IssuedCertificate[] revoked) {
		Tools.require("openssl");
		try {
			Path indexFile = Files.writeString(directory.resolve("ocsp-index.txt"), index(good, revoked));
			Path caFile = Files.writeString(directory.resolve("ocsp-ca.crt"), ca.certificatePem());
			Path keyFile = Files.writeString(directory.resolve("ocsp-ca.key"), ca.privateKeyPem());
			int port = freePort();
			Process process = new ProcessBuilder("openssl", "ocsp", "-index", indexFile.toString(), "-port",
					Integer.toString(port), "-rsigner", caFile.toString(), "-rkey", keyFile.toString(), "-CA",
					caFile.toString(), "-ignore_err")
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("ocsp.log").toFile())
				.start();
			awaitReady(directory.resolve("ocsp.log"), process);
			return new OcspResponder(process, port, indexFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Change the answers: {@code openssl ocsp} (3.0 and later) reads its index again when the file
	 * is replaced.
	 */
	public void answer(IssuedCertificate[] good, IssuedCertificate[] revoked) {
		try {
			Path next = Files.writeString(this.index.resolveSibling(this.index.getFileName() + ".next"),
					index(good, revoked));
			Files.move(next, this.index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
	}

	private static String index(IssuedCertificate[] good, IssuedCertificate[] revoked) {
		StringBuilder index = new StringBuilder();
		for (IssuedCertificate certificate : good) {
			index.append(line("V", certificate, ""));
		}
		for (IssuedCertificate certificate : revoked) {
			index.append(line("R", certificate, INDEX_TIME.format(Instant.now().minusSeconds(60))));
		}
		return index.toString();
	}

	private static String line(String status, IssuedCertificate certificate, String revokedAt) {
		String serial = certificate.certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
		serial = (serial.length() % 2 == 1) ? "0" + serial : serial;
		// openssl wants unique subjects among valid entries; only the serial matters for OCSP.
		return String.join("\t", status, INDEX_TIME.format(certificate.certificate().getNotAfter().toInstant()),
				revokedAt, serial, "unknown", "/CN=" + serial)
				+ "\n";
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Waits for openssl's own "waiting for connections" line: a probe connection would occupy the
	 * single-threaded responder.
	 */
	private static void awaitReady(Path log, Process process) throws IOException {
		try {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.failFast(() -> !process.isAlive())
				.until(() -> Files.exists(log) && Files.readString(log).contains("waiting for OCSP client connections"));
		}
		catch (TerminalFailureException ex) {
			throw new IOException("openssl ocsp exited: " + Files.readString(log));
		}
		catch (ConditionTimeoutException ex) {
			throw new IOException("openssl ocsp did not start: " + Files.readString(log));
		}
	}

}
