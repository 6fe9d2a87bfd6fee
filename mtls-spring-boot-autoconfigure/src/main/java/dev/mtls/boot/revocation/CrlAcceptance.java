package dev.mtls.boot.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.mtls.boot.core.MtlsMaterial;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a CRL read from a file or fetched over HTTP may go into service: it must be
 * signed by the CA it names as issuer, and must not be older (by CRL number) than the CRL of that
 * issuer in service. Otherwise a man in the middle of a plain HTTP fetch, or anyone who can write
 * the file, could swap the CRL for a forged one (the JDK ignores it, so revocation becomes
 * unknown) or for an old one that predates a revocation. The issuer is looked up by name among the
 * trust set, this service's own chain and the intermediates of peer paths already built to the
 * trust set. A CRL whose issuer is none of these yet (an intermediate no peer has shown) may be the
 * first for that issuer, since the JDK checks its signature against the peer's path before use,
 * but it never replaces one in service.
 *
 * @author mtls-spring-boot
 */
final class CrlAcceptance {

	private static final int MAX_LEARNED = 1_000;

	private final Supplier<List<X509Certificate>> configured;

	private final Set<X509Certificate> learned = ConcurrentHashMap.newKeySet();

	CrlAcceptance(Supplier<List<X509Certificate>> configured) {
		this.configured = configured;
	}

	static CrlAcceptance of(MtlsMaterial material) {
		return new CrlAcceptance(() -> {
			List<X509Certificate> certificates = new ArrayList<>(material.trust().anchors());
			certificates.addAll(material.identity().chain());
			return certificates;
		});
	}

	/**
	 * Remember the CA certificates of a path PKIX built from a peer's leaf to the trust set.
	 * @param path the path, leaf first, without the trust anchor
	 */
	void learn(List<X509Certificate> path) {
		for (int i = 1; i < path.size(); i++) {
			if (!this.learned.contains(path.get(i))) {
				if (this.learned.size() >= MAX_LEARNED) {
					this.learned.clear();
				}
				this.learned.add(path.get(i));
			}
		}
	}

	/**
	 * Say why a CRL may not go into service.
	 * @param crl the new CRL
	 * @param inService the CRLs in service now
	 * @return the reason, or {@code null} if it may
	 */
	@Nullable String refusal(X509CRL crl, Collection<X509CRL> inService) {
		List<X509CRL> sameIssuer = inService.stream()
			.filter((current) -> current.getIssuerX500Principal().equals(crl.getIssuerX500Principal()))
			.toList();
		String issuer = crl.getIssuerX500Principal().getName();
		List<X509Certificate> candidates = issuers(crl);
		if (candidates.isEmpty()) {
			return sameIssuer.isEmpty() ? null
					: "its issuer " + issuer + " is not a CA of the trust set or of a verified peer chain, so its "
							+ "signature cannot be checked and it may not replace the CRL in service";
		}
		if (candidates.stream().noneMatch((candidate) -> verifies(crl, candidate))) {
			return "its signature does not verify with the key of the trusted CA " + issuer;
		}
		try {
			BigInteger number = number(crl);
			for (X509CRL current : sameIssuer) {
				BigInteger currentNumber = number(current);
				if (currentNumber != null && (number == null || number.compareTo(currentNumber) < 0)) {
					return "its CRL number " + ((number != null) ? number : "(none)") + " is lower than "
							+ currentNumber + " of the CRL of " + issuer + " in service";
				}
			}
		}
		catch (IOException ex) {
			return "its CRL number cannot be read (" + ex.getMessage() + ")";
		}
		return null;
	}

	private List<X509Certificate> issuers(X509CRL crl) {
		List<X509Certificate> candidates = new ArrayList<>();
		for (X509Certificate certificate : this.configured.get()) {
			if (certificate.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
				candidates.add(certificate);
			}
		}
		for (X509Certificate certificate : this.learned) {
			if (certificate.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
				candidates.add(certificate);
			}
		}
		return candidates;
	}

	private static boolean verifies(X509CRL crl, X509Certificate issuer) {
		try {
			crl.verify(issuer.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Read the CRL number (RFC 5280, 5.2.3).
	 * @return the number, or {@code null} if the CRL has none
	 */
	static @Nullable BigInteger number(X509CRL crl) throws IOException {
		byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
		if (value == null) {
			return null;
		}
		try {
			return CRLNumber.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value)).getCRLNumber();
		}
		catch (IllegalArgumentException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
	}

}
