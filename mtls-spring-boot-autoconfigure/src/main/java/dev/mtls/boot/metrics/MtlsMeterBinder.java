package dev.mtls.boot.metrics;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.RefusalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The starter's certificate and handshake metrics: {@code mtls.certificate.expiry} (one gauge per
 * certificate, re-registered when the material changes, so no stale rows remain),
 * {@code mtls.handshake.failures} by reason and side, and {@code mtls.reloads} by outcome.
 *
 * @author mtls-spring-boot
 */
final class MtlsMeterBinder implements MeterBinder {

	static final String EXPIRY = "mtls.certificate.expiry";

	static final String HANDSHAKE_FAILURES = "mtls.handshake.failures";

	static final String RELOADS = "mtls.reloads";

	private static final List<String> SIDES = List.of("server", "client");

	private final MtlsMaterial material;

	private final Clock clock;

	private final List<Meter> expiryGauges = new ArrayList<>();

	private final Map<String, Counter> failures = new ConcurrentHashMap<>();

	MtlsMeterBinder(MtlsMaterial material, Clock clock) {
		this.material = material;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String side : SIDES) {
			for (RefusalReason reason : RefusalReason.values()) {
				this.failures.put(side + reason, Counter.builder(HANDSHAKE_FAILURES)
					.description("Refused TLS peers, by reason and by which side refused")
					.tag("reason", reason.tag())
					.tag("side", side)
					.register(registry));
			}
		}
		Counter success = reloads(registry, "success");
		Counter failure = reloads(registry, "failure");
		this.material.addHandshakeFailureListener((side, reason) -> {
			Counter counter = this.failures.get(side + reason);
			if (counter != null) {
				counter.increment();
			}
		});
		this.material.addReloadListener((outcome) -> (outcome.success() ? success : failure).increment());
		registerExpiryGauges(registry);
		this.material.addUpdateListener(() -> registerExpiryGauges(registry));
	}

	private Counter reloads(MeterRegistry registry, String outcome) {
		return Counter.builder(RELOADS)
			.description("Attempts to reload the identity and trust set")
			.tag("outcome", outcome)
			.register(registry);
	}

	private synchronized void registerExpiryGauges(MeterRegistry registry) {
		this.expiryGauges.forEach(registry::remove);
		this.expiryGauges.clear();
		for (X509Certificate certificate : this.material.identity().chain()) {
			this.expiryGauges.add(expiryGauge(registry, "identity", certificate));
		}
		for (X509Certificate anchor : this.material.trust().anchors()) {
			this.expiryGauges.add(expiryGauge(registry, "trust", anchor));
		}
	}

	private Meter expiryGauge(MeterRegistry registry, String type, X509Certificate certificate) {
		return Gauge.builder(EXPIRY, certificate,
				(value) -> Duration.between(this.clock.instant(), value.getNotAfter().toInstant()).toSeconds())
			.description("Seconds until the certificate expires (negative once expired)")
			.baseUnit("seconds")
			.tag("type", type)
			.tag("subject", certificate.getSubjectX500Principal().getName())
			.tag("serial", certificate.getSerialNumber().toString(16))
			.register(registry);
	}

}
