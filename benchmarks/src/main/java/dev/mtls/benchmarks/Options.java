package dev.mtls.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options: {@code --name value} pairs after the command.
 */
final class Options {

	private final Map<String, String> values = new HashMap<>();

	Options(String[] args, int from) {
		for (int i = from; i + 1 < args.length; i += 2) {
			this.values.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
	}

	String get(String name, String defaultValue) {
		return this.values.getOrDefault(name, defaultValue);
	}

	/**
	 * The options as given, for a results file.
	 */
	String describe() {
		return this.values.entrySet()
			.stream()
			.filter((option) -> !option.getKey().equals("note") && !option.getKey().equals("results"))
			.sorted(Map.Entry.comparingByKey())
			.map((option) -> "--" + option.getKey() + " " + option.getValue())
			.collect(java.util.stream.Collectors.joining(" "));
	}

	Duration seconds(int defaultSeconds) {
		return Duration.ofSeconds(Long.parseLong(get("seconds", Integer.toString(defaultSeconds))));
	}

	int rounds(int defaultRounds) {
		return Integer.parseInt(get("rounds", Integer.toString(defaultRounds)));
	}

	/**
	 * Whether to run once, small and fast ({@code --smoke true}), as CI does: it proves the command
	 * works, measures nothing and writes no results.
	 */
	boolean smoke() {
		return Boolean.parseBoolean(get("smoke", "false"));
	}

	int integer(String name, int defaultValue) {
		return Integer.parseInt(get(name, Integer.toString(defaultValue)));
	}

	int threads() {
		return Integer.parseInt(get("threads", "2"));
	}

	/**
	 * The targets named by {@code --targets a,b}, or all of them.
	 */
	List<String> targets(List<String> all) {
		String targets = this.values.get("targets");
		return (targets != null) ? Arrays.asList(targets.split(",")) : all;
	}

	/**
	 * The load modes named by {@code --modes kept-alive,full,resumed}, or all of them.
	 */
	List<LoadGenerator.Mode> modes() {
		String modes = this.values.get("modes");
		if (modes == null) {
			return List.of(LoadGenerator.Mode.values());
		}
		return Arrays.stream(modes.split(",")).map(LoadGenerator.Mode::named).toList();
	}

}
