package dev.mtls.boot.core;

import java.security.MessageDigest;
import java.security.PrivateKey;

/**
 * An identity and a trust set, loaded and validated together.
 *
 * @param identity this service's identity
 * @param trust the certificate authorities peers must chain to
 * @author mtls-spring-boot
 */
public record Material(Identity identity, TrustSet trust) {

	/**
	 * Whether this is the same material, certificate for certificate and key for key, so that
	 * swapping it in would change nothing.
	 * @param other the material in service
	 * @return {@code true} if identical
	 */
	boolean sameAs(Material other) {
		// Certificates compare by their encoding; keys are compared the same way rather than by
		// each provider's own equals.
		return this.identity.chain().equals(other.identity.chain())
				&& sameKey(this.identity.privateKey(), other.identity.privateKey())
				&& this.trust.anchors().equals(other.trust.anchors());
	}

	private static boolean sameKey(PrivateKey key, PrivateKey other) {
		byte[] encoded = key.getEncoded();
		return encoded != null && MessageDigest.isEqual(encoded, other.getEncoded());
	}

}
