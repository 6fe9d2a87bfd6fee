package dev.mtls.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Repeated measurements of one figure: the median and the range the tables report beside it.
 */
final class Spread {

	private final List<Double> values = new ArrayList<>();

	void add(double value) {
		this.values.add(value);
	}

	boolean isEmpty() {
		return this.values.isEmpty();
	}

	double median() {
		List<Double> sorted = sorted();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	double min() {
		return sorted().get(0);
	}

	double max() {
		List<Double> sorted = sorted();
		return sorted.get(sorted.size() - 1);
	}

	/**
	 * The median with its range, e.g. {@code 812 (790–845)}.
	 */
	String format(String pattern) {
		if (this.values.size() == 1) {
			return String.format(Locale.ROOT, pattern, median());
		}
		return String.format(Locale.ROOT, pattern + " (" + pattern + "–" + pattern + ")", median(), min(), max());
	}

	private List<Double> sorted() {
		List<Double> sorted = new ArrayList<>(this.values);
		Collections.sort(sorted);
		return sorted;
	}

}
