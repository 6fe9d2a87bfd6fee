package dev.mtls.boot.metrics;

import java.util.function.Supplier;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.revocation.RevocationState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.jspecify.annotations.Nullable;

/**
 * {@code mtls.identity.revoked}: 1 while a CRL in service revokes this service's own identity
 * certificate, so that peers checking the same CRL refuse it, else 0. Read at each scrape, so it
 * follows both identity updates and CRL refreshes.
 *
 * @author mtls-spring-boot
 */
final class IdentityRevocationMetrics implements MeterBinder {

	static final String REVOKED = "mtls.identity.revoked";

	private final MtlsMaterial material;

	private final Supplier<@Nullable RevocationState> revocation;

	IdentityRevocationMetrics(MtlsMaterial material, Supplier<@Nullable RevocationState> revocation) {
		this.material = material;
		this.revocation = revocation;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(REVOKED, this, IdentityRevocationMetrics::revoked)
			.description("1 while a CRL in service revokes this service's own identity certificate, else 0")
			.register(registry);
	}

	private double revoked() {
		RevocationState state = this.revocation.get();
		return (state != null && state.revocationOf(this.material.identity().certificate()) != null) ? 1 : 0;
	}

}
