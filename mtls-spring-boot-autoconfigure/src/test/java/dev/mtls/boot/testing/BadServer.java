package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import dev.mtls.boot.devca.IssuedCertificate;

/**
 * A plain JSSE TLS server presenting a given (usually broken) certificate, for client-side tests.
 * It asks for no client certificate and answers every request with 200.
 */
public final class BadServer implements AutoCloseable {

	private final SSLServerSocket socket;

	private BadServer(SSLServerSocket socket) {
		this.socket = socket;
	}

	public static BadServer presenting(IssuedCertificate certificate) {
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry("server", certificate.privateKey(), new char[0],
					certificate.chain().toArray(X509Certificate[]::new));
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keyStore, new char[0]);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), null, null);
			SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0);
			BadServer server = new BadServer(socket);
			Thread thread = new Thread(server::serve, "bad-server");
			thread.setDaemon(true);
			thread.start();
			return server;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	private void serve() {
		while (!this.socket.isClosed()) {
			try (SSLSocket connection = (SSLSocket) this.socket.accept()) {
				connection.startHandshake();
				OutputStream out = connection.getOutputStream();
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException ex) {
				// The client refused us: that is the point.
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
