package dev.mtls.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A sample service jar running in its own process, and its CPU time (from /proc) so server CPU per
 * request can be reported apart from the load generator's.
 */
final class SampleProcess implements AutoCloseable {

	private static final long CLOCK_TICKS_PER_SECOND = 100;

	private final Process process;

	private final Path log;

	private final int port;

	private SampleProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	static SampleProcess start(Path jar, Path work, String name, String... arguments) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toAbsolutePath().toString(),
				"--server.port=" + port, "--management.server.port=0", "--mtls.dev.service-name=" + name,
				"--logging.level.root=WARN", "--logging.level.dev.mtls=INFO"));
		command.addAll(List.of(arguments));
		Path log = work.resolve(name + ".log");
		Process process = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		SampleProcess sample = new SampleProcess(process, log, port);
		sample.awaitStarted();
		return sample;
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the CPU time the process has used so far.
	 * @return user + system time
	 */
	Duration cpu() throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(this.process.pid()), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
	}

	private void awaitStarted() throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			String log = Files.readString(this.log);
			if (log.contains("mTLS is on")) {
				return;
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Sample did not start:\n" + log);
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("Sample did not start in time:\n" + Files.readString(this.log));
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
