package dev.mtls.boot.data;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

/**
 * The PostgreSQL JDBC driver's {@code sslfactory}: TLS sockets that present the identity and trust
 * the trust set of the running application. With {@code mtls.data.postgresql.enabled=true} the
 * starter sets it on HikariCP data sources itself; name it in a JDBC URL only for other pools
 * ({@code jdbc:postgresql://db/app?sslmode=verify-full&sslfactory=dev.mtls.boot.data.PostgresSslFactory}),
 * in an application that has that property set. The driver creates one for each connection, with a
 * fresh SSL context, so a new connection never resumes a TLS session of a replaced identity.
 *
 * @author mtls-spring-boot
 */
public final class PostgresSslFactory extends SSLSocketFactory {

	private final SSLSocketFactory delegate;

	/**
	 * Create a factory for one connection; the driver calls this.
	 * @param connection the connection's properties
	 */
	public PostgresSslFactory(Properties connection) {
		this.delegate = RunningMaterials.find(connection.getProperty(RunningMaterials.KEY_PROPERTY))
			.bundle()
			.createSslContext()
			.getSocketFactory();
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return this.delegate.createSocket(socket, host, port, autoClose);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return this.delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return this.delegate.createSocket(host, port, localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return this.delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return this.delegate.createSocket(address, port, localAddress, localPort);
	}

}
