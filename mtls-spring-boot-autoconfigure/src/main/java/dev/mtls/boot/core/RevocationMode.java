package dev.mtls.boot.core;

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
	OCSP_THEN_CRL

}
