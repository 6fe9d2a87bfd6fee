package dev.mtls.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One kept-alive HTTPS connection of the storm and memory benchmarks: opened with a TLS handshake,
 * then {@code GET /hello} on it as often as asked. Idle connections hold no thread.
 */
final class Connection implements AutoCloseable {

	private static final byte[] REQUEST = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
		.getBytes(StandardCharsets.US_ASCII);

	private final SSLSocket socket;

	private final InputStream in;

	private boolean dropSession;

	private Connection(SSLSocket socket, boolean dropSession) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream(), 1024);
		this.dropSession = dropSession;
	}

	/**
	 * Connect and complete the handshake.
	 * @param context the client's context (its session cache decides whether the handshake resumes)
	 * @param port the server's port on localhost
	 * @param full whether to drop the session after the first response, so that no later connection
	 * resumes it (a TLS 1.3 session ticket arrives after the handshake, with the first response)
	 */
	static Connection open(SSLContext context, int port, boolean full) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
		try {
			socket.setTcpNoDelay(true);
			socket.startHandshake();
			return new Connection(socket, full);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Send one request and read its response.
	 * @return whether the response was 200 and the connection stays open
	 */
	boolean request() throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(REQUEST);
		out.flush();
		HttpResponses.Response response = HttpResponses.read(this.in);
		if (this.dropSession) {
			this.socket.getSession().invalidate();
			this.dropSession = false;
		}
		return response.ok() && !response.close();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
