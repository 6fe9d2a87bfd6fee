package dev.mtls.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot jar (a sample service or a hand-wired benchmark app) running in its own JVM, and
 * its CPU time from /proc.
 */
final class SampleProcess implements Target {

	private final String name;

	private final Process process;

	private final Path log;

	private final int port;

	private SampleProcess(String name, Process process, Path log, int port) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start a sample service jar; its development CA writes certificates to {@code work/.mtls-dev}.
	 */
	static SampleProcess start(Path jar, Path work, String name, String... arguments) throws Exception {
		// The inventory sample's gRPC server has a fixed port, which two samples at once would share.
		List<String> all = new ArrayList<>(List.of("--mtls.dev.service-name=" + name, "--spring.grpc.server.enabled=false"));
		all.addAll(List.of(arguments));
		return startJar(List.of(), jar, work, name, all);
	}

	/**
	 * Start any Spring Boot jar on a free port, with the given JVM options and application arguments.
	 */
	static SampleProcess startJar(List<String> jvmOptions, Path jar, Path work, String name, List<String> arguments)
			throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--management.server.port=0", "--logging.level.root=WARN", "--logging.level.dev.mtls=INFO"));
		command.addAll(arguments);
		Path log = work.resolve(name + ".log");
		Process process = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		SampleProcess sample = new SampleProcess(name, process, log, port);
		Startup.awaitListening(name, process, port, Duration.ofSeconds(90), () -> Files.readString(log));
		return sample;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	@Override
	public Duration cpu() throws IOException {
		return ProcessCpu.of(this.process.toHandle());
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
