package dev.mtls.boot.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Checks that a private key belongs to a certificate's public key by signing and verifying a
 * challenge with the JDK's own signature algorithms.
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
			// An algorithm we cannot sign with here: leave the verdict to the TLS handshake.
			return true;
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

	private static String signatureAlgorithm(String keyAlgorithm) {
		return switch (keyAlgorithm) {
			case "EC" -> "SHA256withECDSA";
			case "RSA" -> "SHA256withRSA";
			case "Ed25519", "Ed448", "EdDSA" -> keyAlgorithm;
			default -> null;
		};
	}

}
