package dev.mtls.boot.core;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate authorities whose certificates peers may present. Empty means "not configured":
 * servers then cannot verify clients and clients fall back to the JDK's default trust.
 *
 * @param anchors the trusted CA certificates
 * @author mtls-spring-boot
 */
public record TrustSet(List<X509Certificate> anchors) {

	static final TrustSet NONE = new TrustSet(List.of());

	public TrustSet {
		anchors = List.copyOf(anchors);
	}

	/**
	 * Return whether any CA certificate is configured.
	 * @return whether this trust set can verify peers
	 */
	public boolean isConfigured() {
		return !this.anchors.isEmpty();
	}

}
