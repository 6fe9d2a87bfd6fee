package dev.mtls.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * Start-up cost of the starter: the benchmark app with the starter ({@code starter} profile) and
 * with the usual hand wiring ({@code usual}), same certificates, same jar, started
 * {@code --runs} times each, taking turns. Measured: the time to Spring Boot's "Started" line (its
 * own "process running for" figure) and, from launching {@code java}, to the first mTLS request
 * served ({@code GET /hello} with the client certificate, polled every 10 ms). One more start of
 * each records Spring's {@code ApplicationStartup} steps ({@code BufferingApplicationStartup}, as
 * the app does when {@code -Dbench.startup-steps=true}) and reports the starter's beans among them.
 */
final class StartupBenchmark {

	private static final Pattern STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private static final Pattern STEP = Pattern.compile("bench-startup-step (\\d+) (.*)");

	private static final List<String> VARIANTS = List.of("starter", "usual");

	private final Path repository;

	private final Options options;

	StartupBenchmark(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	void run() throws Exception {
		boolean smoke = this.options.smoke();
		int runs = smoke ? 1 : this.options.integer("runs", 10);
		List<String> stacks = List.of(this.options.get("stacks", smoke ? "tomcat" : "tomcat,netty").split(","));
		Path work = Files.createTempDirectory("mtls-startup");
		Map<String, Spread> started = new LinkedHashMap<>();
		Map<String, Spread> served = new LinkedHashMap<>();
		Map<String, List<String>> steps = new LinkedHashMap<>();
		try (Targets targets = new Targets(this.repository, work)) {
			targets.start(List.of(), Map.of());
			ClientIdentity identity = ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt"));
			// A smoke run skips the uncounted warm-up start.
			for (int run = smoke ? 1 : 0; run <= runs; run++) {
				for (String stack : stacks) {
					List<String> variants = new ArrayList<>(VARIANTS);
					if (run % 2 == 1) {
						java.util.Collections.reverse(variants);
					}
					for (String variant : variants) {
						String key = stack + " " + variant;
						// The first start of each warms the file cache and is not counted.
						Start start = start(targets, identity, stack, variant, false);
						System.out.printf(Locale.ROOT, "%s %-16s Started after %5.0f ms, first mTLS request served after %5.0f ms%n",
								(run == 0) ? "warm-up" : "run " + run, key, start.startedMillis(), start.servedMillis());
						if (run > 0) {
							started.computeIfAbsent(key, (k) -> new Spread()).add(start.startedMillis());
							served.computeIfAbsent(key, (k) -> new Spread()).add(start.servedMillis());
						}
					}
				}
			}
			for (String stack : stacks) {
				steps.put(stack + " starter", start(targets, identity, stack, "starter", true).steps());
			}
		}
		ResultsFile.write(this.repository, this.options, "startup", "Start-up", report(stacks, runs, started, served, steps));
	}

	private record Start(double startedMillis, double servedMillis, List<String> steps) {

	}

	private Start start(Targets targets, ClientIdentity identity, String stack, String variant, boolean recordSteps)
			throws Exception {
		String app = stack.equals("tomcat") ? "servlet-app" : "reactive-app";
		int port = SampleProcess.freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		if (recordSteps) {
			command.add("-Dbench.startup-steps=true");
		}
		if (stack.equals("netty")) {
			command.add("-Dio.netty.handler.ssl.noOpenSsl=true");
		}
		command.addAll(List.of("-jar", targets.appJar(app).toString(), "--server.port=" + port,
				"--management.server.port=0", "--logging.level.root=WARN", "--logging.level.dev.mtls=INFO"));
		command.addAll(targets.appArguments(variant));
		Path log = targets.work().resolve("startup-" + stack + "-" + variant + ".log");
		SSLContext context = identity.newClient().context();
		long launched = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(targets.work().toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			double servedMillis = awaitServed(process, context, port, launched, log);
			Matcher started = awaitLine(STARTED, log, process);
			List<String> steps = new ArrayList<>();
			if (recordSteps) {
				// The app prints its steps once it is ready, which may follow the first request.
				awaitLine(Pattern.compile("bench-startup-steps-end"), log, process);
				for (String line : Files.readAllLines(log)) {
					Matcher step = STEP.matcher(line);
					if (step.find()) {
						steps.add(String.format(Locale.ROOT, "| %.1f ms | %s |", Long.parseLong(step.group(1)) / 1000.0,
								step.group(2)));
					}
				}
			}
			return new Start(Double.parseDouble(started.group(1)) * 1000, servedMillis, steps);
		}
		finally {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	private static double awaitServed(Process process, SSLContext context, int port, long launched, Path log)
			throws Exception {
		long deadline = launched + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the app did not start:\n" + Files.readString(log));
			}
			try (Connection connection = Connection.open(context, port, true)) {
				if (connection.request()) {
					return (System.nanoTime() - launched) / 1e6;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("no request served within 120 s:\n" + Files.readString(log));
	}

	private static Matcher awaitLine(Pattern pattern, Path log, Process process) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			Matcher matcher = pattern.matcher(Files.readString(log));
			if (matcher.find()) {
				return matcher;
			}
			if (!process.isAlive()) {
				break;
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("no line matching " + pattern + " in the log:\n" + Files.readString(log));
	}

	private static String report(List<String> stacks, int runs, Map<String, Spread> started, Map<String, Spread> served,
			Map<String, List<String>> steps) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"The benchmark app (Actuator, Prometheus registry, Security) with the starter and with the usual hand wiring, "
						+ "same jar and certificates, started %d times each (taking turns, after one uncounted start each). "
						+ "\"Started\" is Spring Boot's own \"process running for\"; \"first mTLS request\" is from launching `java` "
						+ "until `GET /hello` with the client certificate answered 200 (polled every 10 ms). Medians (range).%n%n",
				runs));
		out.append("| stack | wiring | Started | first mTLS request served |\n|---|---|---:|---:|\n");
		for (String stack : stacks) {
			for (String variant : VARIANTS) {
				String key = stack + " " + variant;
				out.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s ms |%n", stack, variant,
						started.get(key).format("%.0f"), served.get(key).format("%.0f")));
			}
		}
		out.append("\nGoal: the starter adds ≤ 100 ms.\n\n| stack | starter − usual, Started | starter − usual, first request | met |\n|---|---:|---:|---|\n");
		for (String stack : stacks) {
			double toStarted = started.get(stack + " starter").median() - started.get(stack + " usual").median();
			double toServed = served.get(stack + " starter").median() - served.get(stack + " usual").median();
			out.append(String.format(Locale.ROOT, "| %s | %+.0f ms | %+.0f ms | %s |%n", stack, toStarted, toServed,
					(Math.max(toStarted, toServed) <= 100) ? "yes" : "**no**"));
		}
		out.append("\nWhere the starter's start-up time goes: its beans' `spring.beans.instantiate` steps from "
				+ "`BufferingApplicationStartup` (one start each, outermost starter beans only, their dependencies included), "
				+ "longest first, then the same steps' total:\n");
		for (Map.Entry<String, List<String>> entry : steps.entrySet()) {
			out.append("\n").append(entry.getKey()).append(":\n\n| duration | step |\n|---:|---|\n");
			entry.getValue().forEach((line) -> out.append(line).append('\n'));
		}
		return out.toString();
	}

}
