package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A not-yet-authenticated request to authenticate a peer certificate chain that the TLS layer
 * has already verified.
 *
 * @author mtls-spring-boot
 */
public final class PeerCertificateToken extends AbstractAuthenticationToken {

	private final List<X509Certificate> chain;

	/**
	 * Create a token for a verified peer certificate chain.
	 * @param chain the chain, leaf first
	 */
	public PeerCertificateToken(X509Certificate[] chain) {
		super(List.of());
		this.chain = List.of(chain);
	}

	@Override
	public X509Certificate getPrincipal() {
		return this.chain.get(0);
	}

	@Override
	public List<X509Certificate> getCredentials() {
		return this.chain;
	}

}
