package dev.mtls.boot.metrics;

import java.util.EnumMap;
import java.util.Map;

import dev.mtls.boot.proxy.ForwardedCertificateListener;
import dev.mtls.boot.proxy.ForwardedOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts requests with a forwarded client certificate header as {@code mtls.proxy.forwarded} by
 * outcome, every outcome registered up front so alerts see zeros rather than no data.
 *
 * @author mtls-spring-boot
 */
final class ForwardedCertificateMetrics implements ForwardedCertificateListener {

	static final String FORWARDED = "mtls.proxy.forwarded";

	private final Map<ForwardedOutcome, Counter> counters = new EnumMap<>(ForwardedOutcome.class);

	ForwardedCertificateMetrics(MeterRegistry registry) {
		for (ForwardedOutcome outcome : ForwardedOutcome.values()) {
			this.counters.put(outcome, Counter.builder(FORWARDED)
				.description("Requests that carried a forwarded client certificate header, or came from a "
						+ "trusted proxy without one, by what became of them")
				.tag("outcome", outcome.tag())
				.register(registry));
		}
	}

	@Override
	public void forwarded(ForwardedOutcome outcome) {
		Counter counter = this.counters.get(outcome);
		if (counter != null) {
			counter.increment();
		}
	}

}
