package dev.mtls.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The starter against the alternatives on the same machine, in one run: for each stack (Tomcat
 * servlet, Reactor Netty reactive) the starter sample, the same kind of app wired by hand the
 * usual way (SSL bundle + {@code server.ssl.client-auth=need} + Security's {@code x509()}), the
 * same app with plain TLS (no client certificate), and nginx with {@code ssl_verify_client on}.
 * Every target serves {@code GET /hello} and is loaded kept-alive, with a full handshake per
 * request, and with a resumed session per request. Prints every measurement, then the medians and
 * the ratios the performance goals are stated in.
 */
final class PerformanceBenchmark {

	private final Path repository;

	private final Options options;

	PerformanceBenchmark(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	void run() throws Exception {
		Path work = Files.createTempDirectory("mtls-performance");
		// Smoke: the JDK-engine-with-ACCP targets once, for a second per load, as CI runs it.
		boolean smoke = Boolean.parseBoolean(this.options.get("smoke", "false"));
		List<String> names = smoke ? SMOKE_TARGETS : this.options.targets(Targets.ALL);
		try (Targets targets = new Targets(this.repository, work)) {
			List<Target> started = targets.start(names, Map.of());
			ClientIdentity client = ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt"));
			Duration duration = smoke ? Duration.ofSeconds(1) : this.options.seconds(10);
			int threads = smoke ? 1 : this.options.threads();
			int rounds = smoke ? 1 : this.options.rounds(3);
			Duration warmUp = Duration.ofSeconds(smoke ? 1 : Long.parseLong(this.options.get("warm-up", "30")));
			List<LoadGenerator.Mode> modes = smoke ? List.of(LoadGenerator.Mode.values()) : this.options.modes();
			String setting = "java %s (%s) for load and servers, %d cores, %d client threads, %d s warm-up, %d s per measurement, %d rounds"
				.formatted(System.getProperty("java.version"), System.getProperty("java.vm.name"),
						Runtime.getRuntime().availableProcessors(), threads, warmUp.toSeconds(), duration.toSeconds(),
						rounds);
			System.out.printf("%s%n%n", setting);
			Rounds measured = new Rounds(new LoadGenerator(client), threads, duration, warmUp);
			measured.run(started, modes, rounds);
			List<String> measuredNames = started.stream().map(Target::name).toList();
			ByteArrayOutputStream report = new ByteArrayOutputStream();
			new PerformanceReport(measured, measuredNames, modes).print(new PrintStream(report, true, StandardCharsets.UTF_8));
			System.out.print(report.toString(StandardCharsets.UTF_8));
			if (smoke) {
				requireServed(measured, measuredNames, modes);
			}
			else if (this.options.get("results", null) != null) {
				writeResults(Path.of(this.options.get("results", null)), setting, report.toString(StandardCharsets.UTF_8));
			}
		}
	}

	private static final List<String> SMOKE_TARGETS = List.of("tomcat-starter-accp", "netty-starter-accp");

	// Every target answered, without an error, in every load.
	private static void requireServed(Rounds measured, List<String> targets, List<LoadGenerator.Mode> modes) {
		for (LoadGenerator.Mode mode : modes) {
			for (String target : targets) {
				if (measured.total(mode, target, Rounds.Figures::requests) == 0
						|| measured.total(mode, target, Rounds.Figures::errors) > 0) {
					throw new IllegalStateException("smoke: " + target + ", " + mode.description() + ": no request served, or errors");
				}
			}
		}
	}

	// The tables as Markdown, with what they ran on: the command line, the JDK, the machine and --note.
	private void writeResults(Path file, String setting, String tables) throws IOException {
		String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.findFirst()
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.orElse("unknown CPU");
		String header = "# Performance, %s%n%nRun %s: `benchmarks performance %s`.%n%n- %s%n- %s, %s%n- %s%n"
			.formatted(System.getProperty("java.version"), Instant.now().truncatedTo(ChronoUnit.MINUTES),
					this.options.describe(), setting, cpu, System.getProperty("os.name") + " " + System.getProperty("os.version"),
					this.options.get("note", "no note"));
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, header + tables);
		System.out.println("results: " + file.toAbsolutePath());
	}

}
