package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.List;

import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.core.PrincipalMode;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;

/**
 * How this application names a peer ({@code mtls.principal}) and what it grants it
 * ({@code mtls.grants}). The peer authentication uses it for every new certificate; the doctor
 * uses it to explain how a given client certificate would be treated.
 *
 * @author mtls-spring-boot
 */
public final class PeerPolicy {

	private final PrincipalMode mode;

	private final Grants grants;

	PeerPolicy(PrincipalMode mode, Grants grants) {
		this.mode = mode;
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
		String name;
		try {
			name = CertificateNames.principalName(this.mode, certificate);
		}
		catch (CertificateNames.UnacceptableNameException ex) {
			throw new BadCredentialsException("the client certificate (subject %s) %s"
				.formatted(certificate.getSubjectX500Principal().getName(), ex.getMessage()));
		}
		if (name == null || name.isEmpty()) {
			throw new BadCredentialsException("the client certificate (subject %s) has no %s, which mtls.principal=%s requires"
				.formatted(certificate.getSubjectX500Principal().getName(), describe(this.mode), this.mode.tag()));
		}
		return name;
	}

	/**
	 * Return the authorities the grants give a principal.
	 * @param principal the principal name
	 * @return the authorities, possibly none
	 */
	public List<GrantedAuthority> authorities(String principal) {
		return this.grants.authoritiesFor(principal);
	}

	private static String describe(PrincipalMode mode) {
		return switch (mode) {
			case SPIFFE_ID_OR_CN -> "SPIFFE ID and no common name";
			case CN -> "common name";
			case DN -> "subject";
			case SAN_DNS -> "DNS subject alternative name";
			case SAN_URI -> "URI subject alternative name";
			case EMAIL -> "e-mail address";
		};
	}

}
