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

	// False only for a chain a trusted proxy forwarded with mtls.proxy.verify=false.
	private final boolean verify;

	/**
	 * Create a token for a verified peer certificate chain.
	 * @param chain the chain, leaf first
	 */
	public PeerCertificateToken(X509Certificate[] chain) {
		this(chain, true);
	}

	PeerCertificateToken(X509Certificate[] chain, boolean verify) {
		super(List.of());
		this.chain = List.of(chain);
		this.verify = verify;
	}

	boolean verify() {
		return this.verify;
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
