package dev.mtls.boot.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.util.Assert;

/**
 * The one place that holds this service's identity and trust set. Servers, HTTP clients and
 * everything else read it through the {@value #BUNDLE_NAME} SSL bundle, whose key and trust
 * managers delegate to the current material, so an update reaches all of them at once.
 *
 * @author mtls-spring-boot
 */
public final class MtlsMaterial {

	/**
	 * Name of the SSL bundle that serves the material.
	 */
	public static final String BUNDLE_NAME = "mtls";

	static final String KEY_ALIAS = "mtls";

	private static final char[] NO_PASSWORD = {};

	private final SslBundle bundle;

	// One volatile write swaps identity and trust together for every server and client.
	private volatile Loaded loaded;

	MtlsMaterial(SslOptions options) {
		SwappableKeyManager keyManager = new SwappableKeyManager(() -> loaded().keyManager());
		SwappableTrustManager trustManager = new SwappableTrustManager(() -> loaded().trustManager(),
				new RefusalLog(Clock.systemUTC(), Duration.ofMinutes(5)));
		this.bundle = SslBundle.of(new CurrentStores(), SslBundleKey.of("", KEY_ALIAS), options, "TLS",
				SslManagerBundle.of(FixedManagerFactories.of(keyManager), FixedManagerFactories.of(trustManager)));
	}

	/**
	 * Return the identity currently in service.
	 * @return the identity
	 */
	public Identity identity() {
		return loaded().material().identity();
	}

	/**
	 * Return the trust set currently in service.
	 * @return the trust set
	 */
	public TrustSet trust() {
		return loaded().material().trust();
	}

	/**
	 * Return the SSL bundle that serves this material. Its managers follow every update.
	 * @return the bundle
	 */
	public SslBundle bundle() {
		return this.bundle;
	}

	/**
	 * Build key and trust managers for new material, then swap them in. If building fails the
	 * current material stays in service.
	 * @param material the validated identity and trust set
	 */
	void update(Material material) {
		this.loaded = Loaded.of(material);
	}

	private Loaded loaded() {
		Loaded loaded = this.loaded;
		Assert.state(loaded != null, "mTLS material is not loaded yet");
		return loaded;
	}

	private record Loaded(Material material, KeyStore keyStore, KeyStore trustStore, X509ExtendedKeyManager keyManager,
			X509ExtendedTrustManager trustManager) {

		static Loaded of(Material material) {
			try {
				KeyStore keyStore = newKeyStore();
				Identity identity = material.identity();
				keyStore.setKeyEntry(KEY_ALIAS, identity.privateKey(), NO_PASSWORD,
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
				return new Loaded(material, keyStore, trustStore, first(keyManagers.getKeyManagers(),
						X509ExtendedKeyManager.class), first(trustManagers.getTrustManagers(), X509ExtendedTrustManager.class));
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException("Unable to build key and trust managers: " + ex.getMessage(), ex);
			}
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

	/**
	 * Key and trust stores of the material in service, for Spring Boot's own readers
	 * ({@code SslInfo}, {@code ssl.chain.expiry}).
	 */
	private final class CurrentStores implements SslStoreBundle {

		@Override
		public KeyStore getKeyStore() {
			return loaded().keyStore();
		}

		@Override
		public String getKeyStorePassword() {
			return "";
		}

		@Override
		public KeyStore getTrustStore() {
			return loaded().trustStore();
		}

	}

}
