package dev.mtls.boot.core;

import java.util.Locale;

/**
 * How peer certificates are checked for revocation.
 *
 * @author mtls-spring-boot
 */
public enum RevocationMode {

	/**
	 * No revocation checking.
	 */
	NONE,

	/**
	 * Certificate revocation lists only.
	 */
	CRL,

	/**
	 * OCSP only.
	 */
	OCSP,

	/**
	 * OCSP, falling back to CRLs when OCSP gives no answer.
	 */
	OCSP_THEN_CRL;

	/**
	 * Return the lower-case, hyphenated name used in properties and Actuator output.
	 * @return e.g. {@code spiffe-id-or-cn}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
