package dev.mtls.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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

	private static final Pattern PERCENT = Pattern.compile("^\\s*([0-9.]+)%\\s+(.+?)\\s+\\[([.a-z])\\]\\s+(.*)$");

	// The declaring class in a JIT symbol such as "void io.netty.Foo.bar(int)".
	private static final Pattern JAVA_CLASS = Pattern.compile("\\s([a-zA-Z_$][\\w$]*(?:\\.[\\w$]+)+)\\.[\\w$<>]+\\(");

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
		int top = Integer.parseInt(this.options.get("top", "25"));
		Path work = Files.createTempDirectory("mtls-perf");
		Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
		names.forEach((name) -> jvmOptions.put(name, List.of("-XX:+PreserveFramePointer")));
		Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
		try (Targets targets = new Targets(this.repository, work)) {
			List<Target> started = targets.start(names, jvmOptions);
			LoadGenerator load = new LoadGenerator(ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt")));
			// Twice the measured period of warm-up: C2 compiling during the recording would show up as cost.
			for (Target target : started) {
				load.run(mode, target.port(), "/hello", this.options.threads(), duration.multipliedBy(2));
			}
			for (int i = 0; i < names.size(); i++) {
				groups.put(names.get(i), profile(names.get(i), (SampleProcess) started.get(i), load, mode, duration, top, work));
			}
		}
		printGroups(groups);
	}

	private Map<String, Double> profile(String name, SampleProcess jvm, LoadGenerator load, LoadGenerator.Mode mode,
			Duration duration, int top, Path work) throws Exception {
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
				"dso,sym", "--stdio", "-g", "none", "--percent-limit", "0").redirectErrorStream(true).start();
		String text = new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		report.waitFor();
		double perRequest = (double) events(text) / Math.max(1, result.requests());
		System.out.printf("%n## %s, %s: %.0f req/s, %d errors; %.0f events per request%n", name, mode.description(),
				result.perSecond(), result.errors(), perRequest);
		Map<String, Double> groups = new TreeMap<>();
		int printed = 0;
		for (String line : text.lines().toList()) {
			Matcher matcher = PERCENT.matcher(line);
			if (!matcher.matches()) {
				continue;
			}
			double share = Double.parseDouble(matcher.group(1)) / 100;
			String dso = matcher.group(2).strip();
			String symbol = matcher.group(4).strip();
			groups.merge(group(dso, symbol), share * perRequest, Double::sum);
			if (printed++ < top) {
				System.out.printf("%6.2f%%  %8.0f  %-18s %s%n", share * 100, share * perRequest, shorten(dso), symbol);
			}
		}
		return groups;
	}

	// Java code by its first three package levels (e.g. io.netty.handler), native code by library.
	private static String group(String dso, String symbol) {
		if (!dso.startsWith("[JIT]")) {
			return dso.startsWith("[kernel") ? "kernel" : dso;
		}
		Matcher matcher = JAVA_CLASS.matcher(symbol);
		if (!matcher.find()) {
			return "JIT stubs and interpreter";
		}
		String[] parts = matcher.group(1).split("\\.");
		return String.join(".", List.of(parts).subList(0, Math.min(3, parts.length - 1)));
	}

	private static void printGroups(Map<String, Map<String, Double>> groups) {
		List<String> names = new ArrayList<>(groups.keySet());
		Map<String, Double> first = groups.get(names.get(0));
		Map<String, Double> last = groups.get(names.get(names.size() - 1));
		List<String> keys = new ArrayList<>(new TreeSet<>(groups.values().stream().flatMap((g) -> g.keySet().stream()).toList()));
		keys.sort(Comparator.comparingDouble((String key) -> last.getOrDefault(key, 0.0) - first.getOrDefault(key, 0.0)));
		System.out.printf("%n## CPU events per request by code, largest difference (%s − %s) first%n%n", names.get(0),
				names.get(names.size() - 1));
		StringBuilder header = new StringBuilder("| code |");
		names.forEach((name) -> header.append(' ').append(name).append(" |"));
		System.out.println(header.append(" difference |"));
		System.out.println("|---|" + "---:|".repeat(names.size() + 1));
		for (String key : keys) {
			StringBuilder row = new StringBuilder("| " + key + " |");
			names.forEach((name) -> row.append(" %.0f |".formatted(groups.get(name).getOrDefault(key, 0.0))));
			System.out.println(row.append(" %+.0f |".formatted(first.getOrDefault(key, 0.0) - last.getOrDefault(key, 0.0))));
		}
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
