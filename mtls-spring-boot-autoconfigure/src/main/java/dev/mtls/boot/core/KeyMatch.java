package dev.mtls.boot.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

import org.jspecify.annotations.Nullable;

/**
 * Checks that a private key belongs to a certificate's public key by signing and verifying a
 * challenge with the JDK's own signature algorithms. A key of an algorithm it cannot sign with is
 * never taken as matching: TLS authenticates with signatures, so such a key cannot serve anyway.
 *
 * @author mtls-spring-boot
 */
final class KeyMatch {

	private static final byte[] CHALLENGE = "mtls-spring-boot key match".getBytes(StandardCharsets.US_ASCII);

	private KeyMatch() {
	}

	static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
		if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
			return false;
		}
		String algorithm = signatureAlgorithm(publicKey.getAlgorithm());
		if (algorithm == null) {
			return false;
		}
		try {
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(privateKey);
			signer.update(CHALLENGE);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(CHALLENGE);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/**
	 * Whether keys of this algorithm can be checked (and serve TLS).
	 * @param keyAlgorithm the key's algorithm name
	 * @return {@code true} for EC, RSA and EdDSA keys
	 */
	static boolean supports(String keyAlgorithm) {
		return signatureAlgorithm(keyAlgorithm) != null;
	}

	private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
		return switch (keyAlgorithm) {
			case "EC" -> "SHA256withECDSA";
			case "RSA" -> "SHA256withRSA";
			case "Ed25519", "Ed448", "EdDSA" -> keyAlgorithm;
			default -> null;
		};
	}

}
