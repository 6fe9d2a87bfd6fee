package dev.mtls.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Command-line entry point: {@code java -jar benchmarks/target/benchmarks.jar revocation
 * [--server inventory|orders] [--seconds 10] [--rounds 3] [--threads 2]}. Run from the repository
 * root after {@code mvn -B -DskipTests package}.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || !args[0].equals("revocation")) {
			System.err.println("usage: benchmarks revocation [--server inventory|orders] [--seconds 10] [--rounds 3] [--threads 2]");
			System.exit(2);
		}
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		String server = options.getOrDefault("server", "inventory");
		Path jar = Path.of("sample-services", server + "-service", "target", server + "-service.jar");
		new RevocationBenchmark(jar, Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10"))),
				Integer.parseInt(options.getOrDefault("rounds", "3")),
				Integer.parseInt(options.getOrDefault("threads", "2")))
			.run();
	}

}
