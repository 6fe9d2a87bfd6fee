package dev.mtls.boot.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;

/**
 * Material in service under one generation, with the key stores and JSSE managers built from it.
 * Peers verified under an older generation are verified again, so a new generation of the same
 * material ({@link #at}) keeps the managers and only makes peers be verified again.
 *
 * @param material the identity and trust set
 * @param generation the generation it is served under
 * @param keyStore the identity, under {@link MtlsMaterial#KEY_ALIAS}
 * @param trustStore the trust set, or {@code null} when none is configured
 * @param keyManager the JDK key manager
 * @param trustManager the trust manager, remembering chains it accepted
 * @param providerKeyManagers key managers of other JSSE providers, built on first use
 * @author mtls-spring-boot
 */
record ServedMaterial(Material material, long generation, KeyStore keyStore, @Nullable KeyStore trustStore,
		X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager,
		Map<Provider, X509ExtendedKeyManager> providerKeyManagers) {

	private static final char[] NO_PASSWORD = {};

	/**
	 * Build the stores and managers of new material.
	 * @param material the identity and trust set
	 * @param generation the generation to serve it under
	 * @param verified an empty cache of accepted chains, for this trust set only
	 * @param clock decides whether a remembered chain is still within its validity
	 * @return the material, ready to serve
	 */
	static ServedMaterial of(Material material, long generation, VerifiedChains verified, Clock clock) {
		try {
			KeyStore keyStore = newKeyStore();
			Identity identity = material.identity();
			keyStore.setKeyEntry(MtlsMaterial.KEY_ALIAS, identity.privateKey(), NO_PASSWORD,
					identity.chain().toArray(X509Certificate[]::new));
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keyStore, NO_PASSWORD);
			KeyStore trustStore = null;
			if (material.trust().isConfigured()) {
				trustStore = newKeyStore();
				int index = 0;
				for (X509Certificate anchor : material.trust().anchors()) {
					trustStore.setCertificateEntry("trust-" + (index++), anchor);
				}
			}
			// Without a trust set, clients fall back to the JDK's default CAs (trustStore null).
			TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
			trustManagers.init(trustStore);
			X509ExtendedTrustManager trustManager = new RememberingTrustManager(
					first(trustManagers.getTrustManagers(), X509ExtendedTrustManager.class), verified, clock);
			return new ServedMaterial(material, generation, keyStore, trustStore,
					first(keyManagers.getKeyManagers(), X509ExtendedKeyManager.class), trustManager,
					new ConcurrentHashMap<>());
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Unable to build key and trust managers: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return the same material and managers under another generation.
	 * @param generation the new generation
	 * @return the material under it
	 */
	ServedMaterial at(long generation) {
		return new ServedMaterial(this.material, generation, this.keyStore, this.trustStore, this.keyManager,
				this.trustManager, this.providerKeyManagers);
	}

	/**
	 * Return the key manager of a JSSE provider that is not the JDK's, built on first use.
	 * @param provider the provider
	 * @return its key manager over the same key store
	 */
	X509ExtendedKeyManager keyManager(@Nullable Provider provider) {
		return this.providerKeyManagers.computeIfAbsent(provider, (key) -> {
			try {
				KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX", key);
				keyManagers.init(this.keyStore, NO_PASSWORD);
				return first(keyManagers.getKeyManagers(), X509ExtendedKeyManager.class);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Unable to build a " + key.getName() + " key manager", ex);
			}
		});
	}

	private static KeyStore newKeyStore() throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		return store;
	}

	private static <T> T first(Object[] managers, Class<T> type) {
		for (Object manager : managers) {
			if (type.isInstance(manager)) {
				return type.cast(manager);
			}
		}
		throw new IllegalStateException("No " + type.getSimpleName() + " available");
	}

}
