package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.mtls.boot.devca.IssuedCertificate;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code redis-server} on a free TLS port only ({@code --port 0}), requiring client
 * certificates from the CAs in {@code ca.crt} ({@code --tls-auth-clients yes}); without the program
 * the test is skipped, see {@link Tools}.
 */
public final class RedisServer implements AutoCloseable {

	private final Process process;

	private final Path directory;

	private final int port;

	private RedisServer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Start a server with the given identity, requiring clients that chain to one of the CAs.
	 */
	public static RedisServer start(Path directory, IssuedCertificate identity, IssuedCertificate... clientCas) {
		Tools.require("redis-server");
		try {
			Files.createDirectories(directory);
			identity.writePem(directory.resolve("server.crt"), directory.resolve("server.key"));
			writeCas(directory.resolve("ca.crt"), clientCas);
			int port = freePort();
			Path log = directory.resolve("redis.log");
			Process process = new ProcessBuilder(List.of("redis-server", "--port", "0", "--bind", "127.0.0.1",
					"--tls-port", Integer.toString(port), "--tls-cert-file", directory.resolve("server.crt").toString(),
					"--tls-key-file", directory.resolve("server.key").toString(), "--tls-ca-cert-file",
					directory.resolve("ca.crt").toString(), "--tls-auth-clients", "yes", "--save", "",
					"--appendonly", "no", "--dir", directory.toString()))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			RedisServer server = new RedisServer(process, directory, port);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> !process.isAlive() || Files.readString(log).contains("Ready to accept connections"));
			if (!process.isAlive()) {
				throw new IllegalStateException("redis-server did not start: " + Files.readString(log));
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/**
	 * Run commands as an administrator presenting the given identity.
	 */
	public <T> T admin(IssuedCertificate identity, IssuedCertificate serverCa,
			Function<RedisCommands<String, String>, T> commands) {
		Path crt = this.directory.resolve("admin.crt");
		Path key = this.directory.resolve("admin.key");
		Path ca = this.directory.resolve("admin-ca.crt");
		identity.writePem(crt, key);
		writeCas(ca, serverCa);
		RedisClient client = RedisClient
			.create(RedisURI.builder().withHost("localhost").withPort(this.port).withSsl(true).build());
		client.setOptions(ClientOptions.builder()
			.sslOptions(
					SslOptions.builder().keyManager(crt.toFile(), key.toFile(), null).trustManager(ca.toFile()).build())
			.build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return commands.apply(connection.sync());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Trust only these CAs for handshakes from now on ({@code CONFIG SET tls-ca-cert-file}); open
	 * connections stay.
	 */
	public void trustOnly(IssuedCertificate admin, IssuedCertificate serverCa, IssuedCertificate... clientCas) {
		Path file = this.directory.resolve("ca-" + System.nanoTime() + ".crt");
		writeCas(file, clientCas);
		admin(admin, serverCa, (commands) -> commands.configSet(Map.of("tls-ca-cert-file", file.toString())));
	}

	public String log() {
		try {
			return Files.readString(this.directory.resolve("redis.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

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

	private static void writeCas(Path file, IssuedCertificate... cas) {
		StringBuilder pem = new StringBuilder();
		for (IssuedCertificate ca : cas) {
			pem.append(ca.certificatePem());
		}
		try {
			Files.writeString(file, pem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}


}
