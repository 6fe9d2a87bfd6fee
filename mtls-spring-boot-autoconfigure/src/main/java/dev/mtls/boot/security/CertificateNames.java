package dev.mtls.boot.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import dev.mtls.boot.core.PrincipalMode;

/**
 * Reads names out of a certificate with the JDK's own parsers: subject attributes and subject
 * alternative names.
 *
 * @author mtls-spring-boot
 */
final class CertificateNames {

	private static final int SAN_EMAIL = 1;

	private static final int SAN_DNS = 2;

	private static final int SAN_URI = 6;

	private static final Map<String, String> KEYWORDS = Map.of("1.2.840.113549.1.9.1", "EMAILADDRESS");

	private CertificateNames() {
	}

	static String principalName(PrincipalMode mode, X509Certificate certificate) {
		return switch (mode) {
			case SPIFFE_ID_OR_CN -> {
				String spiffeId = spiffeId(certificate);
				yield (spiffeId != null) ? spiffeId : subjectAttribute(certificate, "CN");
			}
			case CN -> subjectAttribute(certificate, "CN");
			case DN -> certificate.getSubjectX500Principal().getName();
			case SAN_DNS -> firstSan(certificate, SAN_DNS);
			case SAN_URI -> firstSan(certificate, SAN_URI);
			case EMAIL -> {
				String email = firstSan(certificate, SAN_EMAIL);
				yield (email != null) ? email : subjectAttribute(certificate, "EMAILADDRESS");
			}
		};
	}

	static String spiffeId(X509Certificate certificate) {
		for (List<?> san : sans(certificate)) {
			if (((Integer) san.get(0)) == SAN_URI && san.get(1) instanceof String uri && uri.startsWith("spiffe://")) {
				return uri;
			}
		}
		return null;
	}

	private static String firstSan(X509Certificate certificate, int type) {
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

	private static String subjectAttribute(X509Certificate certificate, String type) {
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

}
