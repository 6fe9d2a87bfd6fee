package dev.mtls.boot.doctor;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mtls.boot.core.CertificateSummary;
import dev.mtls.boot.core.Identity;
import dev.mtls.boot.core.TrustSet;

/**
 * Checks the identity and trust set once loaded (files, parsing, key match and chain order are
 * checked by loading them as startup does): key usages for server and client use, the names the
 * identity proves, expiry, and whether the trust set holds the identity's own issuer.
 * <p>Public for the doctor command of mtls-spring-boot-tools, not API.
 *
 * @author mtls-spring-boot
 */
public final class MaterialChecks {

	private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	private final Instant now;

	private final Duration warningThreshold;

	public MaterialChecks(Instant now, Duration warningThreshold) {
		this.now = now;
		this.warningThreshold = warningThreshold;
	}

	/**
	 * Check material that is already loaded, e.g. the material in service.
	 * @param identity the identity
	 * @param trust the trust set
	 * @param findings where findings go
	 */
	public void check(Identity identity, TrustSet trust, List<Finding> findings) {
		identity(identity, findings);
		trust(trust, identity, findings);
	}

	private void identity(Identity identity, List<Finding> findings) {
		List<X509Certificate> chain = identity.chain();
		X509Certificate leaf = chain.get(0);
		CertificateSummary summary = CertificateSummary.of(leaf);
		findings.add(Finding.ok("identity", "%s, serial %s, issued by %s; the private key matches".formatted(summary.subject(),
				summary.serial(), summary.issuer())));
		findings.add(Finding.info("identity", "proves " + (summary.sans().isEmpty() ? "no subject alternative names"
				: String.join(", ", summary.sans()))));
		for (X509Certificate certificate : chain) {
			validity("identity", certificate, findings);
		}
		usages(leaf, findings);
	}

	private void usages(X509Certificate leaf, List<Finding> findings) {
		boolean[] keyUsage = leaf.getKeyUsage();
		if (keyUsage != null && !keyUsage[0]) {
			findings.add(Finding.error("identity", "the key usage lacks digitalSignature, which TLS needs",
					"Reissue the certificate with key usage digitalSignature."));
		}
		List<String> extended;
		try {
			extended = leaf.getExtendedKeyUsage();
		}
		catch (CertificateParsingException ex) {
			findings.add(Finding.error("identity", "the extended key usage cannot be read: " + ex.getMessage(),
					"Reissue the certificate."));
			return;
		}
		if (extended == null) {
			findings.add(Finding.ok("identity", "no extended key usage: fit for server and client use"));
			return;
		}
		boolean server = extended.contains(SERVER_AUTH);
		boolean client = extended.contains(CLIENT_AUTH);
		if (server && client) {
			findings.add(Finding.ok("identity", "extended key usage serverAuth and clientAuth: fit for server and client use"));
		}
		if (!server) {
			findings.add(Finding.warning("identity", "the extended key usage lacks serverAuth: clients will refuse this service's server certificate",
					"Reissue with extended key usage serverAuth (cert-manager: usages: [server auth, client auth])."));
		}
		if (!client) {
			findings.add(Finding.warning("identity", "the extended key usage lacks clientAuth: servers will refuse it as a client certificate (bad-usage)",
					"Reissue with extended key usage clientAuth (cert-manager: usages: [server auth, client auth])."));
		}
	}

	private void trust(TrustSet trust, Identity identity, List<Finding> findings) {
		if (trust.anchors().isEmpty()) {
			findings.add(Finding.warning("trust", "no trust set: this service cannot verify peers, and servers cannot ask for client certificates",
					"Set mtls.trust.certificates to the CA certificates your peers' certificates come from."));
			return;
		}
		findings.add(Finding.ok("trust", "%d CA certificate(s): %s".formatted(trust.anchors().size(),
				String.join("; ", trust.anchors().stream().map(MaterialChecks::name).toList()))));
		for (X509Certificate anchor : trust.anchors()) {
			validity("trust", anchor, findings);
		}
		X509Certificate top = identity.chain().get(identity.chain().size() - 1);
		boolean ownIssuerTrusted = trust.anchors()
			.stream()
			.anyMatch((anchor) -> anchor.getSubjectX500Principal().equals(top.getIssuerX500Principal())
					|| anchor.equals(top));
		if (!ownIssuerTrusted) {
			findings.add(Finding.warning("trust", "the trust set does not contain this identity's own issuer (" + top.getIssuerX500Principal().getName()
					+ "): peers with certificates from the same CA will be refused, as happens mid-way through a CA rollover",
					"Add the identity's issuing CA to mtls.trust.certificates (during a rollover: old and new CA together)."));
		}
	}

	private void validity(String topic, X509Certificate certificate, List<Finding> findings) {
		Instant notBefore = certificate.getNotBefore().toInstant();
		Instant notAfter = certificate.getNotAfter().toInstant();
		if (this.now.isAfter(notAfter)) {
			findings.add(Finding.error(topic, "%s expired at %s".formatted(name(certificate), notAfter),
					"Renew it; with files, write the new ones and the starter reloads them."));
		}
		else if (this.now.isBefore(notBefore)) {
			findings.add(Finding.error(topic, "%s is not valid before %s".formatted(name(certificate), notBefore),
					"Check the clock of this machine and of the issuer."));
		}
		else if (this.now.plus(this.warningThreshold).isAfter(notAfter)) {
			findings.add(Finding.warning(topic, "%s expires in %s (at %s)".formatted(name(certificate),
					Duration.between(this.now, notAfter).toHours() + " h", notAfter), "Renew it soon."));
		}
	}

	public static String name(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName();
	}

}
