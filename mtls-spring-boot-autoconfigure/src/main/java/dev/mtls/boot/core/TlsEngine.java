package dev.mtls.boot.core;

/**
 * Which TLS implementation a server or a Reactor Netty client uses.
 *
 * @author mtls-spring-boot
 */
public enum TlsEngine {

	/**
	 * The JDK's own (JSSE).
	 */
	JDK,

	/**
	 * BoringSSL through netty-tcnative-boringssl-static, which must be on the classpath. On Tomcat
	 * (HTTP/1.1 only) through Netty's engine, so netty-handler must be there too.
	 */
	OPENSSL,

	/**
	 * Bouncy Castle's JSSE provider (bctls-jdk18on, which must be on the classpath) with Bouncy
	 * Castle's own cryptography, several times faster than JDK 17's for the elliptic curve
	 * operations of a full handshake, but its server does not resume TLS 1.3 sessions. Registered
	 * nowhere: only the server's SSL context uses it. Never chosen by {@link #AUTO}.
	 */
	BOUNCYCASTLE,

	/**
	 * OpenSSL for Reactor Netty when netty-tcnative is available, else the JDK. The JDK on Tomcat,
	 * where OpenSSL is opt-in.
	 */
	AUTO

}
