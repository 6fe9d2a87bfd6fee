package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * The authenticated peer of a mutual TLS connection: its name (per {@code mtls.principal}) and
 * the certificate chain it presented. Inject it with {@code @AuthenticationPrincipal PeerPrincipal}.
 * It is deliberately not a {@link java.security.Principal}: WebFlux would then bind the whole
 * {@code Authentication} to such a parameter instead.
 *
 * @param name the principal name, e.g. a SPIFFE ID or a common name
 * @param chain the peer's verified certificate chain, leaf first
 * @author mtls-spring-boot
 */
public record PeerPrincipal(String name, List<X509Certificate> chain) implements AuthenticatedPrincipal {

	public PeerPrincipal {
		chain = List.copyOf(chain);
	}

	/**
	 * Return the peer's leaf certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.chain.get(0);
	}

	/**
	 * Return the peer's SPIFFE ID, if its certificate has one.
	 * @return the {@code spiffe://} URI SAN or {@code null}
	 */
	public @Nullable String spiffeId() {
		return CertificateNames.spiffeId(certificate());
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
