package dev.mtls.boot.core;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.util.Locale;

/**
 * Why a peer certificate was refused, read from the JDK's certificate path exceptions.
 *
 * @author mtls-spring-boot
 */
public enum RefusalReason {

	/**
	 * The certificate (or one in its chain) has expired.
	 */
	EXPIRED,

	/**
	 * The certificate (or one in its chain) is not valid yet.
	 */
	NOT_YET_VALID,

	/**
	 * No trust anchor: the chain does not lead to a CA in the trust set, or a signature does not
	 * verify (e.g. a self-signed copy of a valid subject).
	 */
	UNTRUSTED,

	/**
	 * The certificate has been revoked.
	 */
	REVOKED,

	/**
	 * Key usage or extended key usage do not allow this use (e.g. no clientAuth).
	 */
	BAD_USAGE,

	/**
	 * The client sent no certificate although the server requires one.
	 */
	NO_CERTIFICATE,

	/**
	 * Anything else, e.g. a server certificate that does not name the host dialled, or an unknown
	 * revocation status.
	 */
	OTHER;

	/**
	 * Return the lower-case, hyphenated name used in logs and metric tags.
	 * @return e.g. {@code not-yet-valid}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Classify a trust manager's exception.
	 * @param failure the exception
	 * @return the reason
	 */
	public static RefusalReason of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CertificateExpiredException) {
				return EXPIRED;
			}
			if (cause instanceof CertificateNotYetValidException) {
				return NOT_YET_VALID;
			}
			if (cause instanceof CertPathValidatorException validator) {
				if (validator.getReason() == BasicReason.EXPIRED) {
					return EXPIRED;
				}
				if (validator.getReason() == BasicReason.NOT_YET_VALID) {
					return NOT_YET_VALID;
				}
				if (validator.getReason() == BasicReason.REVOKED) {
					return REVOKED;
				}
				if (validator.getReason() == PKIXReason.NO_TRUST_ANCHOR
						|| validator.getReason() == BasicReason.INVALID_SIGNATURE) {
					return UNTRUSTED;
				}
				if (validator.getReason() == PKIXReason.INVALID_KEY_USAGE) {
					return BAD_USAGE;
				}
			}
			if (cause instanceof CertPathBuilderException) {
				return UNTRUSTED;
			}
			String message = String.valueOf(cause.getMessage());
			if (message.contains("Empty client certificate chain") || message.contains("null cert chain")
					|| message.contains("certificate_required")
					|| message.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")) {
				return NO_CERTIFICATE;
			}
			if (message.contains("key usage") || message.contains("Extended key usage") || message.contains("KeyUsage")) {
				return BAD_USAGE;
			}
		}
		return OTHER;
	}

	/**
	 * Say how to fix a refusal for this reason, as the refusal log and the doctor do.
	 * @param side {@code server} when a server refused a client, {@code client} when a client
	 * refused a server
	 * @param issuer the refused certificate's issuer
	 * @return one sentence
	 */
	public String hint(String side, String issuer) {
		String trust = side.equals("server") ? "mtls.trust.certificates" : "this service's mtls.trust.certificates";
		return switch (this) {
			case EXPIRED -> "The certificate has expired: the peer must renew it.";
			case NOT_YET_VALID -> "The certificate is not valid yet: check the clocks of both hosts.";
			case UNTRUSTED -> "It is issued by \"%s\", which is not (or not the signer) in %s.".formatted(issuer, trust);
			case REVOKED -> "The certificate has been revoked: the peer needs a new one.";
			case BAD_USAGE -> side.equals("server")
					? "Its key usage does not allow TLS client authentication: issue it with extendedKeyUsage=clientAuth."
					: "Its key usage does not allow TLS server authentication: issue it with extendedKeyUsage=serverAuth.";
			case NO_CERTIFICATE -> "The client sent no certificate: configure it to present one.";
			case OTHER -> side.equals("client")
					? "If the message is about a subject alternative name, the server certificate does not name the host dialled."
					: "See the message for details.";
		};
	}

}
