package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mtls.boot.devca.IssuedCertificate;

import static org.awaitility.Awaitility.await;

/**
 * Debian's PostgreSQL ({@code /usr/lib/postgresql/<version>/bin}, the newest installed) in a
 * throwaway cluster on a free port: {@code ssl=on}, and a database user {@code app} that may connect
 * only over TLS with a client certificate whose common name {@code pg_ident.conf} maps to it
 * ({@code hostssl ... cert map=certificates}). The superuser connects without TLS from 127.0.0.1 to
 * look at {@code pg_stat_ssl}. Run as root (CI), the server runs as the {@code postgres} user.
 * Without PostgreSQL the test is skipped, see {@link Tools}.
 */
public final class PostgresServer implements AutoCloseable {

	/** The database user certificates map to. */
	public static final String USER = "app";

	private final Path bin;

	private final Path directory;

	private final Process process;

	private final int port;

	private PostgresServer(Path bin, Path directory, Process process, int port) {
		this.bin = bin;
		this.directory = directory;
		this.process = process;
		this.port = port;
	}

	/**
	 * Start a server with the given identity, requiring client certificates that chain to the CA
	 * and whose common name is {@code commonName}; certificates the CRL lists are refused.
	 */
	public static PostgresServer start(IssuedCertificate identity, IssuedCertificate clientCa, String commonName,
			String crl) {
		Path bin = bin();
		try {
			// Not under a JUnit temporary directory: the postgres user must be able to reach it.
			Path directory = Files.createTempDirectory("mtls-postgres");
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
			chownToPostgres(directory);
			Path data = directory.resolve("data");
			run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
					"--no-sync", "-E", "UTF8");
			identity.writePem(directory.resolve("server.crt"), directory.resolve("server.key"));
			Files.setPosixFilePermissions(directory.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
			Files.writeString(directory.resolve("ca.crt"), clientCa.certificatePem());
			Files.writeString(directory.resolve("crl.pem"), crl);
			Files.writeString(data.resolve("pg_hba.conf"), """
					hostnossl all postgres 127.0.0.1/32 trust
					hostssl all %s 127.0.0.1/32 cert map=certificates
					""".formatted(USER));
			Files.writeString(data.resolve("pg_ident.conf"), "certificates %s %s%n".formatted(commonName, USER));
			chownToPostgres(directory);
			int port = freePort();
			Path log = directory.resolve("postgres.log");
			List<String> command = asPostgres(bin.resolve("postgres").toString(), "-D", data.toString(), "-c",
					"listen_addresses=127.0.0.1", "-c", "port=" + port, "-c", "unix_socket_directories=" + directory,
					"-c", "ssl=on", "-c", "ssl_cert_file=" + directory.resolve("server.crt"), "-c",
					"ssl_key_file=" + directory.resolve("server.key"), "-c", "ssl_ca_file=" + directory.resolve("ca.crt"),
					"-c", "ssl_crl_file=" + directory.resolve("crl.pem"), "-c", "fsync=off", "-c",
					"log_connections=on");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			PostgresServer server = new PostgresServer(bin, directory, process, port);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !process.isAlive() || Files.readString(log).contains("ready to accept connections"));
			if (!process.isAlive()) {
				throw new IllegalStateException("PostgreSQL did not start: " + Files.readString(log));
			}
			server.execute("CREATE USER " + USER);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** A JDBC URL of the {@code postgres} database on {@code localhost} (so the host name is verified). */
	public String url() {
		return "jdbc:postgresql://localhost:" + this.port + "/postgres";
	}

	/** Serial numbers of the client certificates that the connections of {@link #USER} presented. */
	public List<BigInteger> clientSerials() {
		List<BigInteger> serials = new ArrayList<>();
		query("SELECT s.client_serial FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid "
				+ "WHERE a.usename = '" + USER + "' ORDER BY a.backend_start",
				(row) -> serials.add(row.getBigDecimal(1).toBigIntegerExact()));
		return serials;
	}

	public String log() {
		try {
			return Files.readString(this.directory.resolve("postgres.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			run(this.bin.resolve("pg_ctl").toString(), "-D", this.directory.resolve("data").toString(), "-m", "fast",
					"-w", "stop");
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void execute(String sql) {
		try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void query(String sql, Row row) {
		try (Connection connection = superuser();
				Statement statement = connection.createStatement();
				ResultSet results = statement.executeQuery(sql)) {
			while (results.next()) {
				row.read(results);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Connection superuser() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + this.port + "/postgres?sslmode=disable",
				"postgres", "");
	}

	private static Path bin() {
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			Path newest = versions.filter((version) -> Files.isExecutable(version.resolve("bin/postgres")))
				.max(Comparator.comparingInt((version) -> Integer.parseInt(version.getFileName().toString())))
				.orElse(null);
			if (newest != null) {
				return newest.resolve("bin");
			}
		}
		catch (IOException | NumberFormatException ex) {
			// not the Debian layout
		}
		Tools.require("postgres");
		throw new IllegalStateException("postgres is on the PATH but not in /usr/lib/postgresql/<version>/bin");
	}

	// PostgreSQL refuses to run as root; CI runs as root.
	private static boolean root() {
		return "0".equals(Command.run("id", "-u").output().strip());
	}

	private static List<String> asPostgres(String... command) {
		List<String> all = new ArrayList<>();
		if (root()) {
			Tools.require("runuser");
			all.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		all.addAll(List.of(command));
		return all;
	}

	private static void run(String... command) {
		Command result = Command.run(asPostgres(command).toArray(String[]::new));
		if (result.exitCode() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
		}
	}

	private static void chownToPostgres(Path directory) {
		if (root()) {
			Command result = Command.run("chown", "-R", "postgres:postgres", directory.toString());
			if (result.exitCode() != 0) {
				throw new IllegalStateException("chown failed: " + result.output());
			}
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

	private interface Row {

		void read(ResultSet row) throws SQLException;

	}

}
