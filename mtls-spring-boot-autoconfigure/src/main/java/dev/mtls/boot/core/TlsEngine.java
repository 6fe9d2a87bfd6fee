package dev.mtls.boot.core;

/**
 * Which TLS implementation a Reactor Netty server or client uses.
 *
 * @author mtls-spring-boot
 */
public enum TlsEngine {

	/**
	 * The JDK's own (JSSE).
	 */
	JDK,

	/**
	 * BoringSSL through netty-tcnative-boringssl-static, which must be on the classpath.
	 */
	OPENSSL,

	/**
	 * OpenSSL when netty-tcnative is available, else the JDK.
	 */
	AUTO

}
