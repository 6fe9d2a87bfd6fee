package dev.mtls.boot.security;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Benchmark guard, not a timed test: runs {@link ServletPeerFiltersBenchmark} with Security's
 * observations on (as users run them) and fails (exit status 1) when the starter's filters add
 * more than {@code budget} nanoseconds (default 1,000: half the 2 µs per-request budget over plain
 * TLS) to a request. Run it after changing the filters:
 * {@code java -cp benchmarks/jmh/target/microbenchmarks.jar dev.mtls.boot.security.ServletPeerFiltersGuard [budget-ns]}.
 */
public final class ServletPeerFiltersGuard {

	private ServletPeerFiltersGuard() {
	}

	public static void main(String[] args) throws Exception {
		double budget = (args.length > 0) ? Double.parseDouble(args[0]) : 1_000;
		Options options = new OptionsBuilder().include(ServletPeerFiltersBenchmark.class.getName())
			.param("observed", "true")
			.param("wiring", "default")
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.forks(1)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		double starter = score(results, "starterFilters");
		double none = score(results, "noFilters");
		double added = starter - none;
		System.out.printf(Locale.ROOT, "the starter's servlet filters add %.0f ns per observed request (%.0f vs %.0f ns); budget %.0f ns%n",
				added, starter, none, budget);
		if (added > budget) {
			System.out.println("over budget");
			System.exit(1);
		}
	}

	private static double score(Collection<RunResult> results, String method) {
		for (RunResult result : results) {
			if (result.getParams().getBenchmark().endsWith("." + method)) {
				return result.getPrimaryResult().getScore();
			}
		}
		throw new IllegalStateException("no result for " + method);
	}

}
