package dev.mtls.boot.revocation;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import dev.mtls.boot.core.MtlsMaterial;

import org.jspecify.annotations.Nullable;

/**
 * The certification path PKIX builds from a peer's leaf to the trust set, using the certificates
 * the peer presented only as candidates: the path the trust manager accepted, not the chain as
 * sent. A caller may pad a chain with anything (another CA, a self-signed certificate); the built
 * path ignores it, so revocation is decided, and remembered, for what the trust decision rested on.
 * Each new path is handed to a listener (the CRL store learns its intermediates from it). Built
 * paths are remembered per presented chain and material generation, so a peer that connects
 * again does not pay for path building (its signature checks) on every handshake.
 *
 * @author mtls-spring-boot
 */
final class BuiltPaths {

	private static final int MAX_ENTRIES = 10_000;

	private final MtlsMaterial material;

	private final Clock clock;

	private final Consumer<List<X509Certificate>> built;

	private final Map<List<X509Certificate>, Built> paths = new ConcurrentHashMap<>();

	private volatile @Nullable Set<TrustAnchor> defaultAnchors;

	BuiltPaths(MtlsMaterial material, Clock clock, Consumer<List<X509Certificate>> built) {
		this.material = material;
		this.clock = clock;
		this.built = built;
	}

	/**
	 * Build the path from a presented chain's leaf to a trust anchor.
	 * @param chain the chain as presented, leaf first
	 * @return the path, leaf first, without the trust anchor; empty when the leaf itself is trusted
	 * @throws CertificateException if no path can be built
	 */
	List<X509Certificate> path(X509Certificate[] chain) throws CertificateException {
		long generation = this.material.generation();
		List<X509Certificate> presented = List.of(chain);
		Built known = this.paths.get(presented);
		if (known != null && known.generation() == generation) {
			return known.path();
		}
		List<X509Certificate> path = build(chain);
		this.built.accept(path);
		if (this.paths.size() >= MAX_ENTRIES) {
			this.paths.clear();
		}
		this.paths.put(presented, new Built(path, generation));
		return path;
	}

	/**
	 * Return the path built earlier for a presented chain under the current material.
	 * @param chain the chain as presented, leaf first
	 * @return the path, or {@code null} if none was built
	 */
	@Nullable List<X509Certificate> known(X509Certificate[] chain) {
		Built known = this.paths.get(List.of(chain));
		return (known != null && known.generation() == this.material.generation()) ? known.path() : null;
	}

	/**
	 * Return the trust anchors paths are built to.
	 * @return the trust set's CA certificates, or the JDK's default CAs when none is configured
	 * @throws CertificateException if the JDK's default CAs cannot be read
	 */
	Set<TrustAnchor> anchors() throws CertificateException {
		List<X509Certificate> configured = this.material.trust().anchors();
		if (!configured.isEmpty()) {
			return anchors(configured);
		}
		Set<TrustAnchor> anchors = this.defaultAnchors;
		if (anchors == null) {
			// A client without a trust set verifies servers with the JDK's default CAs.
			try {
				TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init((KeyStore) null);
				for (Object manager : factory.getTrustManagers()) {
					if (manager instanceof X509TrustManager trustManager) {
						anchors = anchors(List.of(trustManager.getAcceptedIssuers()));
					}
				}
			}
			catch (GeneralSecurityException ex) {
				throw new CertificateException("Unable to read the JDK's default CA certificates", ex);
			}
			this.defaultAnchors = anchors = (anchors != null) ? anchors : Set.of();
		}
		return anchors;
	}

	private List<X509Certificate> build(X509Certificate[] chain) throws CertificateException {
		Set<TrustAnchor> anchors = anchors();
		for (TrustAnchor anchor : anchors) {
			if (chain[0].equals(anchor.getTrustedCert())) {
				return List.of();
			}
		}
		try {
			X509CertSelector leaf = new X509CertSelector();
			leaf.setCertificate(chain[0]);
			PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, leaf);
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(this.clock.instant()));
			parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(chain))));
			CertPath path = ((PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters))
				.getCertPath();
			return path.getCertificates().stream().map(X509Certificate.class::cast).toList();
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new CertificateException("No certification path from the peer certificate to the trust set ("
					+ ex.getMessage() + ")", ex);
		}
	}

	private static Set<TrustAnchor> anchors(List<X509Certificate> certificates) {
		Set<TrustAnchor> anchors = new HashSet<>();
		for (X509Certificate certificate : certificates) {
			anchors.add(new TrustAnchor(certificate, null));
		}
		return anchors;
	}

	private record Built(List<X509Certificate> path, long generation) {
	}

}
