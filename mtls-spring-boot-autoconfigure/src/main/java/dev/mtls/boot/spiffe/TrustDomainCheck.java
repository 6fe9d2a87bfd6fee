package dev.mtls.boot.spiffe;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.mtls.boot.core.ChainCheck;
import dev.mtls.boot.core.TrustSet;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509SvidValidator;
import org.jspecify.annotations.Nullable;

/**
 * Each trust bundle vouches only for its own trust domain: a peer's chain must verify against the
 * bundle of the trust domain its SPIFFE ID names, not merely against some bundle of the trust set
 * (which holds the workload's own and every federated bundle). Without this, a federated domain's
 * CA could issue {@code spiffe://our-domain/admin} and be accepted. Envoy's SPIFFE certificate
 * validator does the same.
 *
 * @author mtls-spring-boot
 */
final class TrustDomainCheck implements ChainCheck {

	private final Function<TrustDomain, X509Bundle> bundles;

	private final Supplier<TrustSet> inService;

	TrustDomainCheck(Function<TrustDomain, X509Bundle> bundles, Supplier<TrustSet> inService) {
		this.bundles = bundles;
		this.inService = inService;
	}

	@Override
	public void check(X509Certificate[] chain, boolean peerIsClient) throws CertificateException {
		SpiffeId id = SpiffeIds.of(chain[0]);
		TrustDomain domain = id.getTrustDomain();
		X509Bundle bundle = this.bundles.apply(domain);
		// Only authorities of the trust set in service count, should the source hold newer ones.
		List<X509Certificate> anchors = this.inService.get().anchors();
		Set<X509Certificate> authorities = (bundle != null) ? bundle.getX509Authorities()
			.stream()
			.filter(anchors::contains)
			.collect(Collectors.toSet()) : Set.of();
		if (authorities.isEmpty()) {
			throw new CertificateException("%s claims trust domain %s, for which no trust bundle is held".formatted(id, domain));
		}
		try {
			X509SvidValidator.verifyChain(List.of(chain), new X509Bundle(domain, authorities));
		}
		catch (BundleNotFoundException | CertificateException ex) {
			throw new CertificateException("%s is not issued by a CA of its own trust domain %s: %s (each trust bundle vouches only for its trust domain)"
				.formatted(id, domain, rootMessage(ex)), ex);
		}
	}

	private static @Nullable String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

}
