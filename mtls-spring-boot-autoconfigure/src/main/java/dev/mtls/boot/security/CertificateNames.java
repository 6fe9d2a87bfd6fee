package dev.mtls.boot.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import dev.mtls.boot.core.PrincipalMode;

import org.jspecify.annotations.Nullable;

/**
 * Reads names out of a certificate with the JDK's own parsers: subject attributes and subject
 * alternative names. A SPIFFE ID is read only from a URI subject alternative name, and only when
 * it is the certificate's one SPIFFE ID and valid by the SPIFFE ID specification: a common name
 * that spells {@code spiffe://...} is refused in every mode, since anyone whose CA lets them
 * choose a subject could otherwise take a workload's (or a trusted proxy's) name.
 *
 * @author mtls-spring-boot
 */
final class CertificateNames {

	private static final int SAN_EMAIL = 1;

	private static final int SAN_DNS = 2;

	private static final int SAN_URI = 6;

	private static final Map<String, String> KEYWORDS = Map.of("1.2.840.113549.1.9.1", "EMAILADDRESS");

	private static final String SPIFFE_SCHEME = "spiffe:";

	private static final int SPIFFE_ID_MAX_LENGTH = 2048;

	// SPIFFE ID spec, section 2: lower-case trust domain; path segments of letters, digits, '.', '-'
	// and '_', none empty, '.' or '..'; no query, fragment, user info or port.
	private static final Pattern SPIFFE_ID = Pattern
		.compile("spiffe://[a-z0-9._-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+)*");

	private CertificateNames() {
	}

	/**
	 * Name a certificate as the mode says.
	 * @param mode the principal mode
	 * @param certificate the certificate
	 * @return the name, or {@code null} if the certificate has none of that kind
	 * @throws UnacceptableNameException if the certificate's SPIFFE ID is malformed or not its
	 * only one, or its common name spells a SPIFFE ID
	 */
	static @Nullable String principalName(PrincipalMode mode, X509Certificate certificate) {
		String spiffeId = checkedSpiffeId(certificate);
		return switch (mode) {
			case SPIFFE_ID_OR_CN -> (spiffeId != null) ? spiffeId : commonName(certificate);
			case CN -> commonName(certificate);
			case DN -> certificate.getSubjectX500Principal().getName();
			case SAN_DNS -> firstSan(certificate, SAN_DNS);
			case SAN_URI -> firstSan(certificate, SAN_URI);
			case EMAIL -> {
				String email = firstSan(certificate, SAN_EMAIL);
				yield (email != null) ? email : subjectAttribute(certificate, "EMAILADDRESS");
			}
		};
	}

	/**
	 * Name a certificate as the mode says, but only from a subject alternative name: the name a
	 * trusted proxy is known by, which must not be one its CA lets requesters choose.
	 * @param mode the principal mode
	 * @param certificate the certificate
	 * @return the name, or {@code null} if the mode would read it from the subject
	 * @throws UnacceptableNameException if the certificate's SPIFFE ID is malformed or not its only one
	 */
	static @Nullable String sanName(PrincipalMode mode, X509Certificate certificate) {
		String spiffeId = checkedSpiffeId(certificate);
		return switch (mode) {
			case SPIFFE_ID_OR_CN -> spiffeId;
			case CN, DN -> null;
			case SAN_DNS -> firstSan(certificate, SAN_DNS);
			case SAN_URI -> firstSan(certificate, SAN_URI);
			case EMAIL -> firstSan(certificate, SAN_EMAIL);
		};
	}

	/**
	 * The certificate's SPIFFE ID, for display.
	 * @param certificate the certificate
	 * @return its one valid SPIFFE ID, or {@code null}
	 */
	static @Nullable String spiffeId(X509Certificate certificate) {
		try {
			return checkedSpiffeId(certificate);
		}
		catch (UnacceptableNameException ex) {
			return null;
		}
	}

	private static @Nullable String checkedSpiffeId(X509Certificate certificate) {
		String spiffeId = null;
		for (List<?> san : sans(certificate)) {
			if (((Integer) san.get(0)) == SAN_URI && san.get(1) instanceof String uri && isSpiffe(uri)) {
				if (spiffeId != null) {
					throw new UnacceptableNameException("has more than one SPIFFE ID (" + spiffeId + ", " + uri
							+ "); an X.509-SVID carries exactly one");
				}
				if (uri.length() > SPIFFE_ID_MAX_LENGTH || !SPIFFE_ID.matcher(uri).matches()) {
					throw new UnacceptableNameException("has a malformed SPIFFE ID " + uri
							+ " (spiffe://<lower-case trust domain>/<path segments of letters, digits, '.', '-', '_'>)");
				}
				spiffeId = uri;
			}
		}
		return spiffeId;
	}

	private static @Nullable String commonName(X509Certificate certificate) {
		String commonName = subjectAttribute(certificate, "CN");
		if (commonName != null && isSpiffe(commonName.strip())) {
			throw new UnacceptableNameException("has a common name that spells a SPIFFE ID (" + commonName
					+ "); SPIFFE IDs are read only from URI subject alternative names");
		}
		return commonName;
	}

	private static boolean isSpiffe(String name) {
		return name.toLowerCase(Locale.ROOT).startsWith(SPIFFE_SCHEME);
	}

	private static @Nullable String firstSan(X509Certificate certificate, int type) {
		for (List<?> san : sans(certificate)) {
			if (((Integer) san.get(0)) == type && san.get(1) instanceof String value) {
				return value;
			}
		}
		return null;
	}

	private static Collection<List<?>> sans(X509Certificate certificate) {
		try {
			Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
			return (sans != null) ? sans : List.of();
		}
		catch (CertificateParsingException ex) {
			return List.of();
		}
	}

	private static @Nullable String subjectAttribute(X509Certificate certificate, String type) {
		try {
			LdapName name = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253, KEYWORDS));
			// RFC 2253 lists the most specific RDN last.
			List<Rdn> rdns = name.getRdns();
			for (int i = rdns.size() - 1; i >= 0; i--) {
				Rdn rdn = rdns.get(i);
				if (rdn.getType().equalsIgnoreCase(type)) {
					Object value = rdn.getValue();
					return (value instanceof String text) ? text : null;
				}
			}
			return null;
		}
		catch (InvalidNameException ex) {
			return null;
		}
	}

	/**
	 * A certificate whose names must not be taken at all.
	 */
	static final class UnacceptableNameException extends RuntimeException {

		UnacceptableNameException(String message) {
			super(message);
		}

	}

}
