package dev.mtls.boot.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection kept open for any number of HTTP/1.1 requests: only the first request goes
 * through a handshake, so what a server decides on later ones is decided without the trust manager.
 */
public final class KeptAliveConnection implements AutoCloseable {

	private final SSLSocket socket;

	private final InputStream in;

	private final OutputStream out;

	private KeptAliveConnection(SSLSocket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	public static KeptAliveConnection open(TlsClient client, int port) throws IOException {
		SSLContext context = client.sslContext();
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
		socket.setSoTimeout(30_000);
		socket.startHandshake();
		return new KeptAliveConnection(socket);
	}

	/**
	 * Send a GET on this connection and read the whole response.
	 * @return the status code
	 */
	public int get(String path) throws IOException {
		this.out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		int status = Integer.parseInt(line().split(" ")[1]);
		long length = 0;
		boolean chunked = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
		}
		if (chunked) {
			for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
				skip(size);
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
		}
		else {
			skip(length);
		}
		return status;
	}

	private void skip(long bytes) throws IOException {
		for (long i = 0; i < bytes; i++) {
			if (this.in.read() < 0) {
				throw new EOFException();
			}
		}
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new EOFException("connection closed");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
