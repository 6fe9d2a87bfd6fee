package dev.mtls.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The performance benchmark's tables: medians per mode and target, then each goal as a ratio of
 * two targets measured in the same run.
 */
final class PerformanceReport {

	private final Rounds rounds;

	private final List<String> targets;

	private final List<LoadGenerator.Mode> modes;

	PerformanceReport(Rounds rounds, List<String> targets, List<LoadGenerator.Mode> modes) {
		this.rounds = rounds;
		this.targets = targets;
		this.modes = modes;
	}

	void print(PrintStream out) {
		out.println();
		out.println("Medians (server CPU is the target's own processes, from /proc):");
		out.println();
		out.println("| load | target | req/s | server CPU per request | p50 | p99 | p99.9 | errors | connections (full handshakes) |");
		out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
		for (LoadGenerator.Mode mode : this.modes) {
			for (String target : this.targets) {
				out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f µs | %.0f µs | %.0f µs | %.0f µs | %d | %d (%d) |%n",
						mode.description(), target, median(mode, target, Rounds.Figures::perSecond),
						median(mode, target, Rounds.Figures::cpuMicrosPerRequest),
						median(mode, target, (f) -> f.p50Micros()), median(mode, target, (f) -> f.p99Micros()),
						median(mode, target, (f) -> f.p999Micros()),
						this.rounds.total(mode, target, (f) -> f.errors()),
						this.rounds.total(mode, target, (f) -> f.connections()),
						this.rounds.total(mode, target, (f) -> f.fullHandshakes()));
			}
		}
		out.println();
		out.println("Goals:");
		out.println();
		out.println("| goal | measured | target | met |");
		out.println("|---|---:|---:|---|");
		for (String stack : List.of("tomcat", "netty")) {
			throughput(out, stack + " kept-alive: starter req/s ÷ plain TLS req/s", LoadGenerator.Mode.KEEP_ALIVE,
					stack + "-starter", stack + "-plain");
			cpu(out, stack + " kept-alive: plain TLS CPU ÷ starter CPU per request", LoadGenerator.Mode.KEEP_ALIVE,
					stack + "-plain", stack + "-starter", 0.9, true);
			cpu(out, stack + " full handshake: starter CPU ÷ usual wiring CPU per handshake",
					LoadGenerator.Mode.FULL_HANDSHAKE, stack + "-starter", stack + "-usual", 0.6, false);
			cpu(out, stack + " resumed session: starter CPU ÷ usual wiring CPU per connection",
					LoadGenerator.Mode.RESUMPTION, stack + "-starter", stack + "-usual", 0.6, false);
		}
		for (String stack : List.of("tomcat", "netty")) {
			String accp = stack + "-starter-accp";
			throughput(out, stack + " kept-alive, JDK engine + ACCP: starter req/s ÷ plain TLS req/s",
					LoadGenerator.Mode.KEEP_ALIVE, accp, stack + "-plain");
			cpu(out, stack + " kept-alive, JDK engine + ACCP: plain TLS CPU ÷ starter CPU per request",
					LoadGenerator.Mode.KEEP_ALIVE, stack + "-plain", accp, 0.9, true);
			cpu(out, stack + " full handshake, JDK engine + ACCP: starter CPU ÷ usual wiring CPU per handshake",
					LoadGenerator.Mode.FULL_HANDSHAKE, accp, stack + "-usual", 0.6, false);
			cpu(out, stack + " resumed session, JDK engine + ACCP: starter CPU ÷ usual wiring CPU per connection",
					LoadGenerator.Mode.RESUMPTION, accp, stack + "-usual", 0.6, false);
			cpu(out, stack + " full handshake, JDK engine + ACCP: starter CPU ÷ nginx CPU per handshake",
					LoadGenerator.Mode.FULL_HANDSHAKE, accp, "nginx", 1.5, false);
		}
		cpu(out, "tomcat full handshake, engine bouncycastle: starter CPU ÷ usual wiring CPU per handshake",
				LoadGenerator.Mode.FULL_HANDSHAKE, "tomcat-starter-bc", "tomcat-usual", 0.6, false);
		for (String stack : List.of("tomcat", "netty")) {
			String openssl = stack + "-starter-openssl";
			throughput(out, stack + " kept-alive, engine openssl: starter req/s ÷ plain TLS (JDK) req/s",
					LoadGenerator.Mode.KEEP_ALIVE, openssl, stack + "-plain");
			cpu(out, stack + " full handshake, engine openssl: starter CPU ÷ usual wiring CPU per handshake",
					LoadGenerator.Mode.FULL_HANDSHAKE, openssl, stack + "-usual", 0.6, false);
			cpu(out, stack + " resumed session, engine openssl: starter CPU ÷ usual wiring CPU per connection",
					LoadGenerator.Mode.RESUMPTION, openssl, stack + "-usual", 0.6, false);
			cpu(out, stack + " full handshake, engine openssl: starter CPU ÷ nginx CPU per handshake",
					LoadGenerator.Mode.FULL_HANDSHAKE, openssl, "nginx", 1.5, false);
		}
	}

	private void throughput(PrintStream out, String goal, LoadGenerator.Mode mode, String measured, String baseline) {
		if (present(mode, measured, baseline)) {
			double ratio = median(mode, measured, Rounds.Figures::perSecond)
					/ median(mode, baseline, Rounds.Figures::perSecond);
			out.printf(Locale.ROOT, "| %s | %.2f | ≥ 0.90 | %s |%n", goal, ratio, (ratio >= 0.9) ? "yes" : "NO");
		}
	}

	private void cpu(PrintStream out, String goal, LoadGenerator.Mode mode, String numerator, String denominator,
			double limit, boolean atLeast) {
		if (present(mode, numerator, denominator)) {
			double ratio = median(mode, numerator, Rounds.Figures::cpuMicrosPerRequest)
					/ median(mode, denominator, Rounds.Figures::cpuMicrosPerRequest);
			boolean met = atLeast ? ratio >= limit : ratio <= limit;
			out.printf(Locale.ROOT, "| %s | %.2f | %s %.2f | %s |%n", goal, ratio, atLeast ? "≥" : "≤", limit,
					met ? "yes" : "NO");
		}
	}

	private boolean present(LoadGenerator.Mode mode, String first, String second) {
		return this.modes.contains(mode) && this.rounds.has(mode, first) && this.rounds.has(mode, second);
	}

	private double median(LoadGenerator.Mode mode, String target, ToDoubleFunction<Rounds.Figures> figure) {
		return this.rounds.median(mode, target, figure);
	}

}
