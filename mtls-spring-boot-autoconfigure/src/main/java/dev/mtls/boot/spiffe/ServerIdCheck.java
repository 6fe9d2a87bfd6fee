package dev.mtls.boot.spiffe;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

import dev.mtls.boot.core.ChainCheck;
import dev.mtls.boot.core.ConfigurationProblem;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;

import org.springframework.util.AntPathMatcher;

/**
 * Verifies the servers this service calls by their SPIFFE ID, in place of their host name: an
 * X.509-SVID usually has no DNS name. The ID must match one of {@code mtls.client.spiffe.expected-ids}
 * or, when none are configured, belong to this workload's own trust domain.
 *
 * @author mtls-spring-boot
 */
final class ServerIdCheck implements ChainCheck {

	private static final String PROPERTY = "mtls.client.spiffe.expected-ids";

	private final AntPathMatcher matcher = new AntPathMatcher("/");

	private final List<String> expected;

	private final Supplier<TrustDomain> ownDomain;

	ServerIdCheck(List<String> expected, Supplier<TrustDomain> ownDomain) {
		for (String pattern : expected) {
			if (!pattern.startsWith("spiffe://")) {
				throw ConfigurationProblem.of(PROPERTY, pattern, "it is not a SPIFFE ID or pattern.",
						"Write SPIFFE IDs such as spiffe://shop.example/ns/shop/sa/inventory; '*' matches one path "
								+ "segment and '**' any number of them.");
			}
		}
		this.expected = List.copyOf(expected);
		this.ownDomain = ownDomain;
	}

	@Override
	public void check(X509Certificate[] chain, boolean peerIsClient) throws CertificateException {
		if (peerIsClient) {
			return;
		}
		SpiffeId id = SpiffeIds.of(chain[0]);
		if (this.expected.isEmpty()) {
			TrustDomain own = this.ownDomain.get();
			if (!id.memberOf(own)) {
				throw new CertificateException("server %s is not in this workload's trust domain %s; set %s to accept it"
					.formatted(id, own, PROPERTY));
			}
			return;
		}
		String name = id.toString();
		if (this.expected.stream().noneMatch((pattern) -> this.matcher.match(pattern, name))) {
			throw new CertificateException("server %s is not one of %s %s".formatted(id, PROPERTY, this.expected));
		}
	}

}
