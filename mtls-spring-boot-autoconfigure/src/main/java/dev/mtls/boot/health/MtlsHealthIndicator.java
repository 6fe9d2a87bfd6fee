package dev.mtls.boot.health;

import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.mtls.boot.core.CertificateSummary;
import dev.mtls.boot.core.Identity;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.ReloadOutcome;
import dev.mtls.boot.revocation.RevocationState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the mTLS material: {@code UP}; {@code UP} with {@code warnings} when a certificate of
 * the identity chain or a trust anchor expires within the threshold; {@code OUT_OF_SERVICE} when
 * the identity is expired or not yet valid (with SPIFFE, when the last X.509-SVID expired while the
 * Workload API was lost), or when a CRL in service revokes it. The {@code source} detail names
 * where the identity comes from ({@code files}, {@code bundle}, {@code spiffe}, {@code acme}) and
 * its state; a source's error is also a warning. Details never include key material.
 *
 * @author mtls-spring-boot
 */
final class MtlsHealthIndicator extends AbstractHealthIndicator {

	private final MtlsMaterial material;

	private final Duration threshold;

	private final Clock clock;

	private final Supplier<RevocationState> revocation;

	MtlsHealthIndicator(MtlsMaterial material, Duration threshold, Clock clock, Supplier<RevocationState> revocation) {
		super("mTLS health check failed");
		this.material = material;
		this.threshold = threshold;
		this.clock = clock;
		this.revocation = revocation;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = this.clock.instant();
		Identity identity = this.material.identity();
		X509Certificate leaf = identity.certificate();
		boolean valid = !now.isBefore(leaf.getNotBefore().toInstant()) && !now.isAfter(leaf.getNotAfter().toInstant());
		RevocationState revocation = this.revocation.get();
		X509CRLEntry revoked = (revocation != null) ? revocation.revocationOf(leaf) : null;
		builder.status((valid && revoked == null) ? Status.UP : Status.OUT_OF_SERVICE);
		CertificateSummary summary = CertificateSummary.of(leaf);
		Map<String, Object> identityDetails = new LinkedHashMap<>();
		identityDetails.put("subject", summary.subject());
		identityDetails.put("issuer", summary.issuer());
		identityDetails.put("serial", summary.serial());
		identityDetails.put("sans", summary.sans());
		identityDetails.put("notBefore", summary.notBefore().toString());
		identityDetails.put("notAfter", summary.notAfter().toString());
		identityDetails.put("expiresIn", Duration.between(now, summary.notAfter()).toString());
		builder.withDetail("identity", identityDetails);
		List<X509Certificate> anchors = this.material.trust().anchors();
		Map<String, Object> trustDetails = new LinkedHashMap<>();
		trustDetails.put("count", anchors.size());
		anchors.stream()
			.map((anchor) -> anchor.getNotAfter().toInstant())
			.min(Instant::compareTo)
			.ifPresent((soonest) -> trustDetails.put("soonestExpiry", soonest.toString()));
		builder.withDetail("trustAnchors", trustDetails);
		ReloadOutcome reload = this.material.lastReload();
		Map<String, Object> reloadDetails = new LinkedHashMap<>();
		if (reload == null) {
			reloadDetails.put("outcome", "none");
		}
		else {
			reloadDetails.put("time", reload.time().toString());
			reloadDetails.put("outcome", reload.success() ? "success" : "failure");
			if (reload.error() != null) {
				reloadDetails.put("error", reload.error());
			}
		}
		builder.withDetail("lastReload", reloadDetails);
		builder.withDetail("revocation", revocationDetails());
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("name", this.material.sourceName());
		Map<String, Object> sourceState = this.material.sourceState();
		source.putAll(sourceState);
		builder.withDetail("source", source);
		List<String> warnings = warnings(identity, anchors, now);
		if (sourceState.get("error") != null) {
			warnings.add("identity source %s: %s".formatted(this.material.sourceName(), sourceState.get("error")));
		}
		if (revoked != null) {
			warnings.add(0, "identity certificate %s (serial %s) is revoked since %s by a CRL in service%s: peers "
				.formatted(summary.subject(), summary.serial(), revoked.getRevocationDate().toInstant(),
						(revoked.getRevocationReason() != null) ? " (" + revoked.getRevocationReason() + ")" : "")
					+ "that check it refuse this service");
		}
		if (!valid) {
			warnings.add(0, "identity certificate %s (serial %s) is %s".formatted(summary.subject(), summary.serial(),
					now.isBefore(summary.notBefore()) ? "not valid before " + summary.notBefore()
							: "expired since " + summary.notAfter()));
		}
		if (!warnings.isEmpty()) {
			builder.withDetail("warnings", warnings);
		}
	}

	private Map<String, Object> revocationDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		RevocationState state = this.revocation.get();
		details.put("mode", (state != null) ? state.mode().tag() : "none");
		if (state != null) {
			Instant nextUpdate = state.crlNextUpdate();
			if (nextUpdate != null) {
				details.put("crlNextUpdate", nextUpdate.toString());
			}
			details.put("ocspCacheSize", state.cachedAnswers());
		}
		return details;
	}

	private List<String> warnings(Identity identity, List<X509Certificate> anchors, Instant now) {
		List<String> warnings = new ArrayList<>();
		for (X509Certificate certificate : identity.chain()) {
			warnIfExpiring("identity", certificate, now, warnings);
		}
		for (X509Certificate anchor : anchors) {
			warnIfExpiring("trust anchor", anchor, now, warnings);
		}
		return warnings;
	}

	private void warnIfExpiring(String type, X509Certificate certificate, Instant now, List<String> warnings) {
		Instant notAfter = certificate.getNotAfter().toInstant();
		if (notAfter.isAfter(now) && notAfter.isBefore(now.plus(this.threshold))) {
			warnings.add("%s certificate %s (serial %s) expires in %s, at %s".formatted(type,
					certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
					Duration.between(now, notAfter).withNanos(0), notAfter));
		}
	}

}
