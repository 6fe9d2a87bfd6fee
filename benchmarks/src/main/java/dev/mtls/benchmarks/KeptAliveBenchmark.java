package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One application, three ways, on each stack: the benchmark app with the starter, with the usual
 * hand wiring and with plain TLS (no client certificate), all with the same dependencies (Actuator
 * and the Prometheus registry included, as users run them), loaded kept-alive in interleaved rounds.
 * Each also runs without the request and Security observations ({@code -unobserved}), which
 * measures what those observations cost per request with and without the starter.
 */
final class KeptAliveBenchmark {

	private static final List<String> WIRINGS = List.of("app-starter", "usual", "plain");

	private final Path repository;

	private final Options options;

	KeptAliveBenchmark(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	void run() throws Exception {
		boolean smoke = this.options.smoke();
		List<String> stacks = List.of(this.options.get("stacks", smoke ? "tomcat" : "tomcat,netty").split(","));
		boolean unobserved = !smoke && Boolean.parseBoolean(this.options.get("unobserved", "true"));
		List<String> names = new ArrayList<>();
		for (String stack : stacks) {
			for (String wiring : WIRINGS) {
				names.add(stack + "-" + wiring);
				if (unobserved) {
					names.add(stack + "-" + wiring + Targets.UNOBSERVED);
				}
			}
		}
		Duration duration = smoke ? Duration.ofSeconds(1) : this.options.seconds(10);
		Duration warmUp = smoke ? Duration.ofSeconds(1)
				: Duration.ofSeconds(Long.parseLong(this.options.get("warm-up", "30")));
		int rounds = smoke ? 1 : this.options.rounds(3);
		int threads = this.options.threads();
		Path work = Files.createTempDirectory("mtls-kept-alive");
		Rounds measured;
		try (Targets targets = new Targets(this.repository, work)) {
			List<Target> started = targets.start(names, Map.of());
			ClientIdentity client = ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt"));
			measured = new Rounds(new LoadGenerator(client), threads, duration, warmUp);
			measured.run(started, List.of(LoadGenerator.Mode.KEEP_ALIVE), rounds);
		}
		String header = String.format(Locale.ROOT,
				"The benchmark app three ways with identical dependencies (Actuator, Prometheus registry, Security): the starter "
						+ "(`*-app-starter`), the usual hand wiring (`*-usual`: SSL bundle, `client-auth=need`, Security's `x509()`) and "
						+ "plain TLS without client certificates (`*-plain`); `-unobserved` is the same target with "
						+ "`management.observations.enable.http.server.requests=false` and "
						+ "`management.observations.enable.spring.security=false`. Kept-alive `GET /hello`, %d client threads, "
						+ "%d s warm-up per target, then %d rounds of %d s taking turns (order reversed every other round); "
						+ "medians with the range over the rounds in brackets. Server CPU is the server process's own, from /proc.%n%n",
				threads, warmUp.toSeconds(), rounds, duration.toSeconds());
		ResultsFile.write(this.repository, this.options, "kept-alive", "Kept-alive: one application three ways",
				header + report(measured, stacks, names, unobserved));
	}

	private static String report(Rounds rounds, List<String> stacks, List<String> names, boolean unobserved) {
		LoadGenerator.Mode mode = LoadGenerator.Mode.KEEP_ALIVE;
		StringBuilder out = new StringBuilder();
		out.append("| target | req/s | server CPU per request | p50 | p99 | errors |\n|---|---:|---:|---:|---:|---:|\n");
		for (String name : names) {
			out.append(String.format(Locale.ROOT, "| %s | %s | %s µs | %s µs | %s µs | %d |%n", name,
					rounds.spread(mode, name, Rounds.Figures::perSecond).format("%.0f"),
					rounds.spread(mode, name, Rounds.Figures::cpuMicrosPerRequest).format("%.1f"),
					rounds.spread(mode, name, (f) -> f.p50Micros()).format("%.0f"),
					rounds.spread(mode, name, (f) -> f.p99Micros()).format("%.0f"),
					rounds.total(mode, name, (f) -> f.errors())));
		}
		out.append("\nGoal: the starter adds ≤ 2 µs of server CPU per request over plain TLS and serves ≥ 0.97× its req/s.\n\n");
		out.append("| stack | observations | starter − plain, CPU per request | starter ÷ plain, req/s | usual − plain, CPU per request | starter ÷ usual, req/s | met |\n");
		out.append("|---|---|---:|---:|---:|---:|---|\n");
		for (String stack : stacks) {
			goal(out, rounds, stack, "on", "");
			if (unobserved) {
				goal(out, rounds, stack, "off", Targets.UNOBSERVED);
			}
		}
		if (unobserved) {
			out.append("\nThe observation tax: server CPU per request with the two observation settings on, minus off.\n\n");
			out.append("| stack | wiring | CPU per request, observed | unobserved | tax | share of the request |\n|---|---|---:|---:|---:|---:|\n");
			for (String stack : stacks) {
				for (String wiring : WIRINGS) {
					String name = stack + "-" + wiring;
					double on = cpu(rounds, name);
					double off = cpu(rounds, name + Targets.UNOBSERVED);
					out.append(String.format(Locale.ROOT, "| %s | %s | %.1f µs | %.1f µs | %.1f µs | %.0f %% |%n", stack,
							wiring.replace("app-", ""), on, off, on - off, 100 * (on - off) / on));
				}
			}
		}
		return out.toString();
	}

	private static void goal(StringBuilder out, Rounds rounds, String stack, String observations, String suffix) {
		String starter = stack + "-app-starter" + suffix;
		String plain = stack + "-plain" + suffix;
		String usual = stack + "-usual" + suffix;
		double extra = cpu(rounds, starter) - cpu(rounds, plain);
		double ratio = perSecond(rounds, starter) / perSecond(rounds, plain);
		out.append(String.format(Locale.ROOT, "| %s | %s | %+.1f µs | %.2f | %+.1f µs | %.2f | %s |%n", stack, observations,
				extra, ratio, cpu(rounds, usual) - cpu(rounds, plain), perSecond(rounds, starter) / perSecond(rounds, usual),
				(extra <= 2 && ratio >= 0.97) ? "yes" : "**no**"));
	}

	private static double cpu(Rounds rounds, String target) {
		return rounds.median(LoadGenerator.Mode.KEEP_ALIVE, target, Rounds.Figures::cpuMicrosPerRequest);
	}

	private static double perSecond(Rounds rounds, String target) {
		return rounds.median(LoadGenerator.Mode.KEEP_ALIVE, target, Rounds.Figures::perSecond);
	}

}
