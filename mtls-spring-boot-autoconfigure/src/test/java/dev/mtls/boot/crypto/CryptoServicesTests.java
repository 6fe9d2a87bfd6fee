package dev.mtls.boot.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without another provider installed (this test JVM has no ACCP), the JDK's serve the handshake:
 * SunEC its signatures and key agreement, SunJCE its record encryption.
 */
class CryptoServicesTests {

	private static final String VERSION = System.getProperty("java.specification.version");

	@Test
	void namesTheJdkProvidersInLookupOrder() {
		assertThat(CryptoServices.inService()).containsExactly(
				org.assertj.core.api.Assertions.entry("ECDSA", "SunEC " + VERSION),
				org.assertj.core.api.Assertions.entry("ECDH", "SunEC " + VERSION),
				org.assertj.core.api.Assertions.entry("XDH", "SunEC " + VERSION),
				org.assertj.core.api.Assertions.entry("AES-GCM", "SunJCE " + VERSION));
		assertThat(CryptoServices.describe()).isEqualTo("ECDSA: SunEC %1$s, ECDH: SunEC %1$s, XDH: SunEC %1$s, AES-GCM: SunJCE %1$s"
			.formatted(VERSION));
	}

}
