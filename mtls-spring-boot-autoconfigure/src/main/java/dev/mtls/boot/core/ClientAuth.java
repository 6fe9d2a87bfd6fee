package dev.mtls.boot.core;

/**
 * Whether the server asks connecting clients for a certificate.
 * <p>
 * The same values as Spring Boot's {@code org.springframework.boot.web.server.Ssl.ClientAuth}, kept
 * as a copy on purpose: that type lives in {@code spring-boot-web-server}, an optional dependency,
 * while {@code mtls.server.*} is bound in every application, also without a web server (clients
 * only, the doctor): the material takes its protocols and ciphers from there. A property of
 * Boot's type would make binding fail with {@code NoClassDefFoundError} wherever that jar is
 * absent. The server configuration maps it to Boot's and Netty's types.
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
