package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import dev.mtls.boot.core.PrincipalMode;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;

/**
 * The default {@link X509PrincipalExtractor}: names a peer as {@code mtls.principal} says, and
 * refuses a certificate that does not carry that name.
 *
 * @author mtls-spring-boot
 */
final class PrincipalModeExtractor implements X509PrincipalExtractor {

	private final PrincipalMode mode;

	PrincipalModeExtractor(PrincipalMode mode) {
		this.mode = mode;
	}

	/**
	 * Name a peer by its certificate.
	 * @param certificate the peer's leaf certificate
	 * @return the principal name, never empty
	 * @throws BadCredentialsException if the certificate lacks the name the mode reads or has a
	 * malformed or ambiguous SPIFFE ID; the message is the one a refused request's 401 carries
	 */
	@Override
	public String extractPrincipal(X509Certificate certificate) {
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
