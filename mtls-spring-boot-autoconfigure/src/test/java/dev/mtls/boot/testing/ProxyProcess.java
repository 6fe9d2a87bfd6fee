package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import static org.awaitility.Awaitility.await;

/**
 * A TLS-terminating proxy from the operating system (Debian's nginx or HAProxy, which {@code .ci/run}
 * installs) started on a free port with a configuration written for the test; without the program
 * the test is skipped, see {@link Tools}.
 */
public final class ProxyProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private ProxyProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start nginx with the {@code http} block's contents; {@code %PORT%} in it is the listen port.
	 */
	public static ProxyProcess nginx(Path directory, String http) {
		Path prefix = directory(directory.resolve("nginx"));
		int port = freePort();
		String configuration = """
				daemon off;
				master_process on;
				worker_processes 1;
				pid "%1$s/nginx.pid";
				error_log "%1$s/error.log" info;
				events { worker_connections 64; }
				http {
					access_log "%1$s/access.log";
					client_body_temp_path "%1$s/client_body";
					proxy_temp_path "%1$s/proxy";
					fastcgi_temp_path "%1$s/fastcgi";
					uwsgi_temp_path "%1$s/uwsgi";
					scgi_temp_path "%1$s/scgi";
				%2$s
				}
				""".formatted(prefix, http.replace("%PORT%", Integer.toString(port)));
		Path file = write(prefix.resolve("nginx.conf"), configuration);
		return start(List.of("nginx", "-p", prefix + "/", "-c", file.toString(), "-e",
				prefix.resolve("error.log").toString()), prefix, port);
	}

	/**
	 * Start HAProxy with the given configuration; {@code %PORT%} in it is the listen port.
	 */
	public static ProxyProcess haproxy(Path directory, String configuration) {
		Path prefix = directory(directory.resolve("haproxy"));
		int port = freePort();
		Path file = write(prefix.resolve("haproxy.cfg"), configuration.replace("%PORT%", Integer.toString(port)));
		return start(List.of("haproxy", "-db", "-f", file.toString()), prefix, port);
	}

	public int port() {
		return this.port;
	}

	public String log() {
		try (var files = Files.list(this.log.getParent())) {
			StringBuilder all = new StringBuilder();
			for (Path file : files.filter((f) -> f.toString().endsWith(".log")).toList()) {
				all.append(file.getFileName()).append(":\n").append(Files.readString(file)).append('\n');
			}
			return all.toString();
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
					java.util.concurrent.TimeUnit.MILLISECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ProxyProcess start(List<String> command, Path prefix, int port) {
		Tools.require(command.get(0));
		Path log = prefix.resolve("process.log");
		Process process;
		try {
			process = new ProcessBuilder(new ArrayList<>(command)).directory(prefix.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to run " + command.get(0), ex);
		}
		ProxyProcess proxy = new ProxyProcess(process, log, port);
		try {
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.failFast(() -> !process.isAlive())
				.until(() -> listening(port));
			return proxy;
		}
		catch (ConditionTimeoutException | TerminalFailureException ex) {
			String logs = proxy.log();
			proxy.close();
			throw new IllegalStateException(command.get(0) + " did not start listening on " + port + ":\n" + logs);
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException notYet) {
			return false;
		}
	}

	private static Path directory(Path directory) {
		try {
			return Files.createDirectories(directory).toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path write(Path file, String content) {
		try {
			return Files.writeString(file, content);
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
