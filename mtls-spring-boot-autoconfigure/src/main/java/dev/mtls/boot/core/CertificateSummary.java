package dev.mtls.boot.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * What an operator needs to know about a certificate, never key material.
 *
 * @param subject the subject, RFC 2253
 * @param issuer the issuer, RFC 2253
 * @param serial the serial number, hexadecimal
 * @param sans the subject alternative names, e.g. {@code URI:spiffe://…}, {@code DNS:localhost}
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256Fingerprint SHA-256 of the DER encoding, hexadecimal
 * @author mtls-spring-boot
 */
public record CertificateSummary(String subject, String issuer, String serial, List<String> sans, Instant notBefore,
		Instant notAfter, String sha256Fingerprint) {

	/**
	 * Summarise a certificate.
	 * @param certificate the certificate
	 * @return the summary
	 */
	public static CertificateSummary of(X509Certificate certificate) {
		return new CertificateSummary(certificate.getSubjectX500Principal().getName(),
				certificate.getIssuerX500Principal().getName(), certificate.getSerialNumber().toString(16),
				sans(certificate), certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
				fingerprint(certificate));
	}

	private static List<String> sans(X509Certificate certificate) {
		List<String> sans = new ArrayList<>();
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			if (names != null) {
				for (List<?> name : names) {
					sans.add(prefix((Integer) name.get(0)) + name.get(1));
				}
			}
		}
		catch (CertificateParsingException ex) {
			sans.add("unreadable: " + ex.getMessage());
		}
		return sans;
	}

	private static String prefix(int type) {
		return switch (type) {
			case 1 -> "EMAIL:";
			case 2 -> "DNS:";
			case 6 -> "URI:";
			case 7 -> "IP:";
			default -> type + ":";
		};
	}

	private static String fingerprint(X509Certificate certificate) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			return "unavailable";
		}
	}

}
