package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * An authentication made from a verified peer certificate.
 *
 * @author mtls-spring-boot
 */
public final class PeerAuthentication extends AbstractAuthenticationToken {

	private final PeerPrincipal principal;

	PeerAuthentication(PeerPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.principal = principal;
		super.setAuthenticated(true);
	}

	@Override
	public PeerPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public X509Certificate getCredentials() {
		return this.principal.certificate();
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		if (authenticated) {
			throw new IllegalArgumentException("A PeerAuthentication is created authenticated");
		}
		super.setAuthenticated(false);
	}

}
