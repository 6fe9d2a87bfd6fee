package dev.mtls.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Profiles JVM targets with Linux {@code perf}: CPU samples of the whole process (JIT-compiled
 * Java, the JVM, the kernel's network stack) while the load runs, with frame pointers kept and
 * the JIT's symbol map written by {@code jcmd Compiler.perfmap}. For several targets under the
 * same load it prints each one's top functions by own CPU share and the samples per request, so
 * where one target spends more per request than another can be read off side by side. JFR samples
 * Java threads at a fixed low rate only; perf sees every CPU cycle source.
 */
final class PerfProfile {

	private static final Pattern PERCENT = Pattern.compile("^\\s*([0-9.]+)%\\s+(\\S+)\\s+\\[([.a-z])\\]\\s+(.*)$");

	private final Path repository;

	private final Options options;

	PerfProfile(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	void run() throws Exception {
		List<String> names = List.of(this.options.get("targets", "netty-starter,netty-plain").split(","));
		LoadGenerator.Mode mode = LoadGenerator.Mode.named(this.options.get("mode", "kept-alive"));
		Duration duration = this.options.seconds(15);
		int top = Integer.parseInt(this.options.get("top", "40"));
		Path work = Files.createTempDirectory("mtls-perf");
		Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
		names.forEach((name) -> jvmOptions.put(name, List.of("-XX:+PreserveFramePointer")));
		try (Targets targets = new Targets(this.repository, work)) {
			List<Target> started = targets.start(names, jvmOptions);
			LoadGenerator load = new LoadGenerator(ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt")));
			for (Target target : started) {
				load.run(mode, target.port(), "/hello", this.options.threads(), duration);
			}
			for (int i = 0; i < names.size(); i++) {
				profile(names.get(i), (SampleProcess) started.get(i), load, mode, duration, top, work);
			}
		}
	}

	private void profile(String name, SampleProcess jvm, LoadGenerator load, LoadGenerator.Mode mode, Duration duration,
			int top, Path work) throws Exception {
		Path data = work.resolve(name + ".perf.data");
		Process perf = new ProcessBuilder("perf", "record", "-F", "1999", "-g", "-p", Long.toString(jvm.pid()), "-o",
				data.toString(), "--", "sleep", Long.toString(duration.toSeconds()))
			.redirectErrorStream(true)
			.redirectOutput(work.resolve(name + ".perf.log").toFile())
			.start();
		LoadGenerator.Result result = load.run(mode, jvm.port(), "/hello", this.options.threads(), duration);
		perf.waitFor();
		ProfileCommand.jcmd(jvm, "Compiler.perfmap");
		Process report = new ProcessBuilder("perf", "report", "-i", data.toString(), "--no-children", "--sort",
				"dso,sym", "--stdio", "-g", "none", "--percent-limit", "0.3").redirectErrorStream(true).start();
		String text = new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		report.waitFor();
		long events = events(text);
		System.out.printf("%n## %s, %s: %.0f req/s, %d errors; %s events per request%n", name, mode.description(),
				result.perSecond(), result.errors(), events / Math.max(1, result.requests()));
		List<String> lines = new ArrayList<>();
		for (String line : text.lines().toList()) {
			Matcher matcher = PERCENT.matcher(line);
			if (matcher.matches() && lines.size() < top) {
				lines.add("%6s%%  %-22s %s".formatted(matcher.group(1), shorten(matcher.group(2)), matcher.group(4).strip()));
			}
		}
		lines.forEach(System.out::println);
	}

	// "cycles" with a hardware PMU, "cpu-clock" (nanoseconds) in most VMs: CPU spent either way.
	private static long events(String report) {
		Matcher matcher = Pattern.compile("# Event count \\(approx\\.\\): ([0-9]+)").matcher(report);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	private static String shorten(String dso) {
		return (dso.length() > 22) ? dso.substring(0, 21) + "…" : dso;
	}

}
