package dev.mtls.boot.authorization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each rule (and each decision no rule made: {@code none}, {@code no-allow-rule},
 * {@code anonymous}) allowed, denied or audited a request. The names are fixed at startup, so the
 * metrics read from these counts have bounded tags.
 *
 * @author mtls-spring-boot
 */
final class DecisionCounts {

	static final String ANONYMOUS = "anonymous";

	private final Map<String, Hits> hits;

	DecisionCounts(List<String> ruleNames) {
		Map<String, Hits> hits = new LinkedHashMap<>();
		for (String name : ruleNames) {
			hits.put(name, new Hits());
		}
		hits.put(AuthorizationRules.NONE, new Hits());
		hits.put(AuthorizationRules.NO_ALLOW_RULE, new Hits());
		hits.put(ANONYMOUS, new Hits());
		this.hits = Map.copyOf(hits);
	}

	void count(String rule, Outcome outcome) {
		of(rule).adder(outcome).increment();
	}

	Hits of(String rule) {
		// Every name a decision can carry is known at startup.
		return Objects.requireNonNull(this.hits.get(rule), "no counts for rule");
	}

	Map<String, Hits> all() {
		return this.hits;
	}

	/**
	 * What happened to a request.
	 */
	enum Outcome {

		ALLOWED, DENIED, AUDITED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The counts of one rule.
	 */
	static final class Hits {

		private final LongAdder allowed = new LongAdder();

		private final LongAdder denied = new LongAdder();

		private final LongAdder audited = new LongAdder();

		LongAdder adder(Outcome outcome) {
			return switch (outcome) {
				case ALLOWED -> this.allowed;
				case DENIED -> this.denied;
				case AUDITED -> this.audited;
			};
		}

		long count(Outcome outcome) {
			return adder(outcome).sum();
		}

		Map<String, Long> describe() {
			Map<String, Long> counts = new LinkedHashMap<>();
			for (Outcome outcome : Outcome.values()) {
				counts.put(outcome.tag(), count(outcome));
			}
			return counts;
		}

	}

}
