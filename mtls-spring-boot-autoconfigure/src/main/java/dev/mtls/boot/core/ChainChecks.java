package dev.mtls.boot.core;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The checks every peer chain must also pass once the trust set has verified it (revocation),
 * run in the order they were added; the first that refuses decides.
 *
 * @author mtls-spring-boot
 */
final class ChainChecks {

	private final List<ChainCheck> checks = new CopyOnWriteArrayList<>();

	void add(ChainCheck check) {
		this.checks.add(check);
	}

	void check(X509Certificate[] chain, boolean peerIsClient) throws CertificateException {
		for (ChainCheck check : this.checks) {
			check.check(chain, peerIsClient);
		}
	}

}
