package dev.mtls.boot.crypto;

import java.util.Locale;

/**
 * Which JCA provider serves the cryptography of the JDK's TLS engine (signatures, key agreement,
 * record encryption).
 *
 * @author mtls-spring-boot
 */
public enum CryptoProvider {

	/**
	 * The JDK's own providers, as configured in its {@code java.security} file.
	 */
	JDK,

	/**
	 * Amazon Corretto Crypto Provider (AWS-LC), installed as the JVM's most preferred provider; it
	 * must be on the class path, load on this platform and pass its self-tests, or startup fails.
	 */
	ACCP,

	/**
	 * Amazon Corretto Crypto Provider when it is on the class path, loads on this platform and
	 * passes its self-tests; otherwise the JDK's, with a log line saying why.
	 */
	AUTO;

	/**
	 * Return the lower-case name used in properties.
	 * @return e.g. {@code accp}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
