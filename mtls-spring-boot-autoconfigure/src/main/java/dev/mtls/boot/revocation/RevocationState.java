package dev.mtls.boot.revocation;

import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;

import dev.mtls.boot.core.RevocationMode;

import org.jspecify.annotations.Nullable;

/**
 * What revocation checking is doing right now, for health and the {@code mtls} endpoint.
 *
 * @author mtls-spring-boot
 */
public final class RevocationState {

	private final RevocationMode mode;

	private final CrlStore crls;

	private final RevocationCheck check;

	RevocationState(RevocationMode mode, CrlStore crls, RevocationCheck check) {
		this.mode = mode;
		this.crls = crls;
		this.check = check;
	}

	/**
	 * Return the revocation mode.
	 * @return the mode
	 */
	public RevocationMode mode() {
		return this.mode;
	}

	/**
	 * Return the soonest nextUpdate of the CRLs in service.
	 * @return the instant, or {@code null} without CRLs
	 */
	public @Nullable Instant crlNextUpdate() {
		return this.crls.soonestNextUpdate();
	}

	/**
	 * Return the entry of a CRL in service that revokes the certificate, e.g. this service's own
	 * identity, which peers checking the same CRL refuse.
	 * @param certificate the certificate
	 * @return the entry, or {@code null} if no CRL in service lists the certificate
	 */
	public @Nullable X509CRLEntry revocationOf(X509Certificate certificate) {
		for (X509CRL crl : this.crls.current()) {
			if (crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
				X509CRLEntry entry = crl.getRevokedCertificate(certificate);
				if (entry != null) {
					return entry;
				}
			}
		}
		return null;
	}

	/**
	 * Return how many certificates have a cached revocation answer (OCSP or CRL).
	 * @return the count
	 */
	public int cachedAnswers() {
		return this.check.cachedAnswers();
	}

}
