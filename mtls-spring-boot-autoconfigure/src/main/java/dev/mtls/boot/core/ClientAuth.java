package dev.mtls.boot.core;

/**
 * Whether the server asks connecting clients for a certificate.
 *
 * @author mtls-spring-boot
 */
public enum ClientAuth {

	/**
	 * A client certificate is required; the handshake fails without one.
	 */
	NEED,

	/**
	 * A client certificate is requested; requests without one reach the application unauthenticated.
	 */
	WANT,

	/**
	 * No client certificate is requested.
	 */
	NONE

}
