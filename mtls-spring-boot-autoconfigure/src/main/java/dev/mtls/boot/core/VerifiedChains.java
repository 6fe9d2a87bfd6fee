package dev.mtls.boot.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Peer chains that one trust set has already accepted, so that a client connecting again with the
 * same certificate does not pay for path validation and its signature checks on every handshake
 * (on JDK 17 an ECDSA P-256 verification costs most of a millisecond). A chain is found only when
 * it is the same byte for byte (a SHA-256 digest of every certificate and the auth type) and every
 * certificate in it is within its validity period now; failures are never remembered. Each trust
 * set gets its own instance, so a reload starts empty. Revocation is not cached here: its checks
 * run on every handshake with their own cache and refresh. Bounded: when full, it starts over.
 *
 * @author mtls-spring-boot
 */
final class VerifiedChains {

	private final int maxEntries;

	private final Map<ByteBuffer, Validity> verified = new ConcurrentHashMap<>();

	VerifiedChains(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	/**
	 * Whether this exact chain was verified before and is still within its validity period.
	 * @param chain the peer's chain, leaf first
	 * @param authType the key exchange algorithm the chain was checked for
	 * @param now the current time
	 * @return {@code true} if it need not be verified again
	 */
	boolean contains(X509Certificate[] chain, String authType, Instant now) {
		if (this.maxEntries <= 0) {
			return false;
		}
		ByteBuffer key = digest(chain, authType);
		Validity validity = (key != null) ? this.verified.get(key) : null;
		return validity != null && validity.covers(now);
	}

	/**
	 * Remember a chain the trust set has just accepted.
	 * @param chain the peer's chain, leaf first
	 * @param authType the key exchange algorithm the chain was checked for
	 */
	void add(X509Certificate[] chain, String authType) {
		ByteBuffer key = (this.maxEntries > 0) ? digest(chain, authType) : null;
		if (key == null) {
			return;
		}
		if (this.verified.size() >= this.maxEntries) {
			this.verified.clear();
		}
		this.verified.put(key, Validity.of(chain));
	}

	int size() {
		return this.verified.size();
	}

	private static @Nullable ByteBuffer digest(X509Certificate[] chain, String authType) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(String.valueOf(authType).getBytes(StandardCharsets.UTF_8));
			for (X509Certificate certificate : chain) {
				byte[] encoded = certificate.getEncoded();
				digest.update(ByteBuffer.allocate(4).putInt(encoded.length).array());
				digest.update(encoded);
			}
			return ByteBuffer.wrap(digest.digest());
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			// Not cacheable: the chain is simply verified in full every time.
			return null;
		}
	}

	/**
	 * When every certificate of a chain is valid: the latest notBefore to the earliest notAfter.
	 */
	private record Validity(Instant notBefore, Instant notAfter) {

		static Validity of(X509Certificate[] chain) {
			Instant notBefore = Instant.MIN;
			Instant notAfter = Instant.MAX;
			for (X509Certificate certificate : chain) {
				Instant from = certificate.getNotBefore().toInstant();
				Instant until = certificate.getNotAfter().toInstant();
				notBefore = from.isAfter(notBefore) ? from : notBefore;
				notAfter = until.isBefore(notAfter) ? until : notAfter;
			}
			return new Validity(notBefore, notAfter);
		}

		boolean covers(Instant now) {
			return !now.isBefore(this.notBefore) && !now.isAfter(this.notAfter);
		}

	}

}
