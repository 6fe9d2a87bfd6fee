package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Profiles one JVM target under one kind of load with Java Flight Recorder and draws a flame graph:
 * the target is warmed up first, then recorded for the measured period only, so start-up and JIT
 * compilation stay out of the picture. Frames of the starter ({@code dev.mtls.}) are highlighted
 * and their share of the samples is printed.
 */
final class ProfileCommand {

	private final Path repository;

	private final Options options;

	ProfileCommand(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	void run() throws Exception {
		if (this.options.get("profiler", "jfr").equals("perf")) {
			new PerfProfile(this.repository, this.options).run();
			return;
		}
		String name = this.options.get("target", "tomcat-starter");
		LoadGenerator.Mode mode = LoadGenerator.Mode.named(this.options.get("mode", "kept-alive"));
		Duration duration = this.options.seconds(20);
		Path output = Path.of(this.options.get("output", "profile-" + name + "-" + mode.name().toLowerCase() + ".png"))
			.toAbsolutePath();
		Path work = Files.createTempDirectory("mtls-profile");
		try (Targets targets = new Targets(this.repository, work)) {
			// Spring Security's stacks are deeper than JFR's default of 64 frames.
			Target target = targets.start(List.of(name),
					Map.of(name, List.of("-XX:FlightRecorderOptions:stackdepth=256"))).get(0);
			if (!(target instanceof SampleProcess jvm)) {
				throw new IllegalArgumentException(name + " is not a JVM; only JVM targets can be profiled");
			}
			LoadGenerator load = new LoadGenerator(ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt")));
			load.run(mode, target.port(), "/hello", this.options.threads(), duration);
			Path recording = work.resolve(name + ".jfr");
			jcmd(jvm, "JFR.start", "name=mtls", "settings=profile");
			LoadGenerator.Result result = load.run(mode, target.port(), "/hello", this.options.threads(), duration);
			jcmd(jvm, "JFR.stop", "name=mtls", "filename=" + recording);
			System.out.printf("%s, %s: %.0f req/s, %d errors while recording%n", name, mode.description(),
					result.perSecond(), result.errors());
			FlameGraph.Summary summary = FlameGraph.render(recording, output,
					"%s, %s, GET /hello, %d s (JFR, java %s)".formatted(name, mode.description(), duration.toSeconds(),
							System.getProperty("java.version")),
					"dev.mtls.");
			summary.print(System.out);
			System.out.println("flame graph: " + output);
		}
	}

	static String jcmd(SampleProcess jvm, String... command) throws Exception {
		List<String> line = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(jvm.pid())));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException("jcmd failed: " + output);
		}
		return output;
	}

}
