package dev.mtls.boot.core;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Checks rotated material before it replaces the material in service: the identity chain is in
 * order (each certificate signed by the next). Its validity period was checked when it was loaded.
 * A new certificate that fails here would only break handshakes that work today.
 *
 * @author mtls-spring-boot
 */
final class MaterialValidation {

	private MaterialValidation() {
	}

	static void validateForSwap(Material material) {
		List<X509Certificate> chain = material.identity().chain();
		for (int i = 0; i < chain.size(); i++) {
			X509Certificate certificate = chain.get(i);
			if (i + 1 < chain.size() && !signedBy(certificate, chain.get(i + 1))) {
				throw ConfigurationProblem.of("mtls.identity.certificate", describe(certificate),
						"the new chain is broken: certificate %d is not issued by certificate %d.".formatted(i, i + 1),
						"Write the chain leaf first, each certificate followed by its issuer.");
			}
		}
	}

	private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
		if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
			return false;
		}
		try {
			certificate.verify(issuer.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static String describe(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName();
	}

}
