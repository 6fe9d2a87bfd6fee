package dev.mtls.benchmarks;

import java.nio.file.Path;

/**
 * Command-line entry point, run from the repository root after {@code mvn -B -DskipTests package}:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar performance [--targets a,b] [--modes kept-alive,full,resumed]
 *     [--seconds 10] [--rounds 3] [--threads 2]
 * java -jar benchmarks/target/benchmarks.jar profile --target tomcat-starter --mode kept-alive [--seconds 20]
 * java -jar benchmarks/target/benchmarks.jar revocation [--server inventory|orders] [--seconds 10] [--rounds 3]
 * java -jar benchmarks/target/benchmarks.jar storm|startup|memory|kept-alive [--smoke true]
 * </pre>
 */
public final class Benchmarks {

	private static final String USAGE = """
			usage: benchmarks performance [--targets %s] [--modes kept-alive,full,resumed] [--seconds 10] [--warm-up 30] [--rounds 3] [--threads 2] [--results FILE.md] [--note TEXT]
			       benchmarks performance --smoke true   (the JDK engine + ACCP targets, 1 s per load: what CI runs)
			       benchmarks profile --target NAME --mode kept-alive|full|resumed [--seconds 20] [--threads 2]
			       benchmarks profile --profiler perf [--targets netty-starter,netty-plain] [--mode kept-alive] [--seconds 15] [--top 25]
			       benchmarks revocation [--server inventory|orders] [--seconds 10] [--rounds 3] [--threads 2]
			       benchmarks storm [--targets ...] [--connections 1000] [--clients 200] [--spread-millis 1000] [--rounds 3]
			       benchmarks startup [--stacks tomcat,netty] [--runs 10]
			       benchmarks memory [--stacks tomcat,netty] [--connections 10000]
			       benchmarks kept-alive [--stacks tomcat,netty] [--seconds 10] [--warm-up 30] [--rounds 3] [--threads 2]
			       benchmarks smoke   (every command above once, small and fast, writing no results: what CI runs)
			every command also takes --smoke true (one small run, no results written) and --note TEXT (added to the results' header)"""
		.formatted(String.join(",", Targets.ALL));

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		String command = (args.length > 0) ? args[0] : "";
		Options options = new Options(args, 1);
		Path repository = Path.of("").toAbsolutePath();
		switch (command) {
			case "performance" -> new PerformanceBenchmark(repository, options).run();
			case "profile" -> new ProfileCommand(repository, options).run();
			case "storm" -> new ReconnectStormBenchmark(repository, options).run();
			case "startup" -> new StartupBenchmark(repository, options).run();
			case "memory" -> new MemoryBenchmark(repository, options).run();
			case "kept-alive" -> new KeptAliveBenchmark(repository, options).run();
			case "smoke" -> {
				Options smoke = new Options(new String[] { "--smoke", "true" }, 0);
				new ReconnectStormBenchmark(repository, smoke).run();
				new StartupBenchmark(repository, smoke).run();
				new MemoryBenchmark(repository, smoke).run();
				new KeptAliveBenchmark(repository, smoke).run();
			}
			case "revocation" -> {
				String server = options.get("server", "inventory");
				new RevocationBenchmark(repository.resolve(Path.of("sample-services", server + "-service", "target",
						server + "-service.jar")), options.seconds(10), options.rounds(3), options.threads())
					.run();
			}
			default -> {
				System.err.println(USAGE);
				System.exit(2);
			}
		}
	}

}
