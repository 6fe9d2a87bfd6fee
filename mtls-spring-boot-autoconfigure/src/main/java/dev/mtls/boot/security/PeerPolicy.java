package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.List;

import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.core.PrincipalMode;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;

/**
 * How the settings name a peer ({@code mtls.principal}) and what they grant it
 * ({@code mtls.grants}): what peer authentication does unless the application declares its own
 * {@code X509PrincipalExtractor} or {@link PeerGrantResolver}. The doctor uses it to explain how
 * a given client certificate would be treated.
 *
 * @author mtls-spring-boot
 */
public final class PeerPolicy {

	private final PrincipalModeExtractor principals;

	private final Grants grants;

	private PeerPolicy(PrincipalMode mode, Grants grants) {
		this.principals = new PrincipalModeExtractor(mode);
		this.grants = grants;
	}

	/**
	 * Compile the policy from the settings, failing as startup does on a malformed grant.
	 * @param properties the settings
	 * @return the policy
	 * @throws org.springframework.boot.diagnostics.FailureAnalyzedException if a grant is malformed
	 */
	public static PeerPolicy of(MtlsProperties properties) {
		return new PeerPolicy(properties.getPrincipal(), Grants.of(properties.getGrants()));
	}

	/**
	 * Name a peer by its certificate.
	 * @param certificate the peer's leaf certificate
	 * @return the principal name
	 * @throws BadCredentialsException if the certificate lacks the name the mode reads or has a
	 * malformed or ambiguous SPIFFE ID; the message is the one a refused request's 401 carries
	 */
	public String principal(X509Certificate certificate) {
		return this.principals.extractPrincipal(certificate);
	}

	/**
	 * Return the authorities the grants give a principal.
	 * @param principal the principal name
	 * @return the authorities, possibly none
	 */
	public List<GrantedAuthority> authorities(String principal) {
		return this.grants.authoritiesFor(principal);
	}

}
