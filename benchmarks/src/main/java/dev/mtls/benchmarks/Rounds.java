package dev.mtls.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Measures several targets in the same run: a warm-up pass, then rounds in which the targets take
 * turns (the order reversed every other round, so drift from JIT, caches or the machine does not
 * favour one side). Each cell keeps every round's figures; the tables report medians.
 */
final class Rounds {

	record Figures(double perSecond, double cpuMicrosPerRequest, long p50Micros, long p99Micros, long p999Micros,
			long errors, long requests, long connections, long fullHandshakes) {

	}

	private final LoadGenerator load;

	private final int threads;

	private final Duration duration;

	private final Duration warmUp;

	private final Map<String, List<Figures>> cells = new LinkedHashMap<>();

	Rounds(LoadGenerator load, int threads, Duration duration) {
		this(load, threads, duration, duration);
	}

	/**
	 * Create with a warm-up longer than a measurement: C2 keeps compiling the request path for
	 * 20-30 s on 2 cores, which made the first round of each target slower than the others.
	 */
	Rounds(LoadGenerator load, int threads, Duration duration, Duration warmUp) {
		this.load = load;
		this.threads = threads;
		this.duration = duration;
		this.warmUp = warmUp;
	}

	void run(List<? extends Target> targets, List<LoadGenerator.Mode> modes, int rounds) throws Exception {
		for (LoadGenerator.Mode mode : modes) {
			for (Target target : targets) {
				measure(mode, target, "warm-up", this.warmUp);
			}
		}
		for (int round = 1; round <= rounds; round++) {
			List<Target> order = new ArrayList<>(targets);
			if (round % 2 == 0) {
				Collections.reverse(order);
			}
			for (LoadGenerator.Mode mode : modes) {
				for (Target target : order) {
					this.cells.computeIfAbsent(key(mode, target.name()), (k) -> new ArrayList<>())
						.add(measure(mode, target, "round " + round, this.duration));
				}
			}
		}
	}

	private Figures measure(LoadGenerator.Mode mode, Target target, String label, Duration duration) throws Exception {
		Duration cpuBefore = target.cpu();
		LoadGenerator.Result result = this.load.run(mode, target.port(), "/hello", this.threads, duration);
		Duration cpu = target.cpu().minus(cpuBefore);
		Figures figures = new Figures(result.perSecond(), cpu.toNanos() / 1000.0 / Math.max(1, result.requests()),
				result.p50Micros(), result.p99Micros(), result.p999Micros(), result.errors(), result.requests(),
				result.connections(), result.handshakes());
		System.out.printf("%-8s %-32s %-20s %8.0f req/s  cpu %7.1f us/req  p50 %6d  p99 %6d  p999 %6d us  errors %d  connections %d (full handshakes %d)%n",
				label, mode.description(), target.name(), figures.perSecond(), figures.cpuMicrosPerRequest(),
				figures.p50Micros(), figures.p99Micros(), figures.p999Micros(), figures.errors(),
				figures.connections(), figures.fullHandshakes());
		return figures;
	}

	boolean has(LoadGenerator.Mode mode, String target) {
		return this.cells.containsKey(key(mode, target));
	}

	double median(LoadGenerator.Mode mode, String target, ToDoubleFunction<Figures> figure) {
		List<Double> values = new ArrayList<>();
		for (Figures figures : this.cells.get(key(mode, target))) {
			values.add(figure.applyAsDouble(figures));
		}
		Collections.sort(values);
		int middle = values.size() / 2;
		return (values.size() % 2 == 1) ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
	}

	Spread spread(LoadGenerator.Mode mode, String target, ToDoubleFunction<Figures> figure) {
		Spread spread = new Spread();
		for (Figures figures : this.cells.get(key(mode, target))) {
			spread.add(figure.applyAsDouble(figures));
		}
		return spread;
	}

	long total(LoadGenerator.Mode mode, String target, ToDoubleFunction<Figures> figure) {
		long total = 0;
		for (Figures figures : this.cells.get(key(mode, target))) {
			total += (long) figure.applyAsDouble(figures);
		}
		return total;
	}

	private static String key(LoadGenerator.Mode mode, String target) {
		return mode + " " + target;
	}

}
