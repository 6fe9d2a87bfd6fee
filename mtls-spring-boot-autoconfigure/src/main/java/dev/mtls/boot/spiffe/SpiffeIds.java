package dev.mtls.boot.spiffe;

import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.spiffe.spiffeid.SpiffeId;

/**
 * Reads the SPIFFE ID of an X.509-SVID: its one URI subject alternative name with the
 * {@code spiffe} scheme (SPIFFE X.509-SVID specification, section 2).
 *
 * @author mtls-spring-boot
 */
final class SpiffeIds {

	private static final int URI_NAME = 6;

	private SpiffeIds() {
	}

	static SpiffeId of(X509Certificate certificate) throws CertificateException {
		List<String> uris = uris(certificate);
		if (uris.size() != 1) {
			throw new CertificateException("the certificate of %s is not an X.509-SVID: it has %d URI names %s, an SVID has exactly one SPIFFE ID"
				.formatted(certificate.getSubjectX500Principal().getName(), uris.size(), uris));
		}
		try {
			return SpiffeId.parse(uris.get(0));
		}
		catch (IllegalArgumentException ex) {
			throw new CertificateException("the certificate of %s names '%s', which is not a SPIFFE ID (%s)"
				.formatted(certificate.getSubjectX500Principal().getName(), uris.get(0), ex.getMessage()));
		}
	}

	private static List<String> uris(X509Certificate certificate) throws CertificateParsingException {
		List<String> uris = new ArrayList<>();
		Collection<List<?>> names = certificate.getSubjectAlternativeNames();
		if (names != null) {
			for (List<?> name : names) {
				if (name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
					uris.add(String.valueOf(name.get(1)));
				}
			}
		}
		return uris;
	}

}
