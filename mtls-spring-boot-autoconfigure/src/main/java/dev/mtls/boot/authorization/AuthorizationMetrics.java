package dev.mtls.boot.authorization;

import java.util.Map;

import dev.mtls.boot.authorization.DecisionCounts.Hits;
import dev.mtls.boot.authorization.DecisionCounts.Outcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the decision counts as {@code mtls.authorization.decisions{rule, decision}} and the
 * requests without a verified peer as {@code mtls.authorization.anonymous{outcome}}. The rule tag
 * is a configured rule's name, {@code none}, {@code no-allow-rule} or {@code anonymous}, so its
 * values are bounded.
 *
 * @author mtls-spring-boot
 */
final class AuthorizationMetrics implements MeterBinder {

	static final String DECISIONS = "mtls.authorization.decisions";

	static final String ANONYMOUS = "mtls.authorization.anonymous";

	private final DecisionCounts counts;

	AuthorizationMetrics(RequestAuthorization authorization) {
		this.counts = authorization.counts();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Map.Entry<String, Hits> rule : this.counts.all().entrySet()) {
			for (Outcome outcome : Outcome.values()) {
				FunctionCounter.builder(DECISIONS, rule.getValue(), (hits) -> hits.count(outcome))
					.description("Authorization decisions on the application port, by deciding rule")
					.tag("rule", rule.getKey())
					.tag("decision", outcome.tag())
					.register(registry);
			}
		}
		Hits anonymous = this.counts.of(DecisionCounts.ANONYMOUS);
		for (Outcome outcome : Outcome.values()) {
			FunctionCounter.builder(ANONYMOUS, anonymous, (hits) -> hits.count(outcome))
				.description("Requests without a verified peer on the application port")
				.tag("outcome", outcome.tag())
				.register(registry);
		}
	}

}
