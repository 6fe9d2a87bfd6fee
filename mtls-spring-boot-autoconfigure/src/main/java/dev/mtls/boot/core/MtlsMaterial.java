package dev.mtls.boot.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.diagnostics.FailureAnalyzedException;
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

	private static final int DEFAULT_VERIFIED_CHAINS = 10_000;

	private static final Log logger = LogFactory.getLog(MtlsMaterial.class);

	private final SslBundle bundle;

	private final SwappableTrustManager trustManager;

	private final Clock clock;

	private final int verifiedChainsCacheSize;

	private final AtomicLong generation = new AtomicLong();

	// One volatile write swaps identity and trust together for every server and client.
	private volatile Loaded loaded;

	private volatile Supplier<Material> source;

	private volatile ReloadOutcome lastReload;

	private final List<ChainCheck> checks = new CopyOnWriteArrayList<>();

	private final MaterialEvents events = new MaterialEvents();

	private final Map<Provider, SwappableKeyManager> providerKeyManagers = new ConcurrentHashMap<>();

	private final RefusalLog refusalLog;

	private volatile String sourceName = "files";

	private volatile Supplier<Map<String, Object>> sourceState = Map::of;

	MtlsMaterial(SslOptions options) {
		this(options, Clock.systemUTC());
	}

	MtlsMaterial(SslOptions options, Clock clock) {
		this(options, clock, DEFAULT_VERIFIED_CHAINS);
	}

	MtlsMaterial(SslOptions options, Clock clock, int verifiedChainsCacheSize) {
		this.clock = clock;
		this.verifiedChainsCacheSize = verifiedChainsCacheSize;
		SwappableKeyManager keyManager = new SwappableKeyManager(() -> loaded().keyManager());
		this.refusalLog = new RefusalLog(clock, Duration.ofMinutes(5));
		this.trustManager = new SwappableTrustManager(() -> loaded().trustManager(), this::runChecks,
				(side, chain, remote, failure) -> refused(side, RefusalReason.of(failure), chain, remote, failure));
		this.bundle = SslBundle.of(new CurrentStores(), SslBundleKey.of("", KEY_ALIAS), options, "TLS",
				SslManagerBundle.of(FixedManagerFactories.of(keyManager), FixedManagerFactories.of(this.trustManager)));
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
	 * Return a key manager factory for a server whose JSSE provider is not the JDK's. Providers
	 * name key types in their own way (Bouncy Castle's TLS 1.3 types carry the curve), so each gets
	 * key managers of its own, built from the same identity and swapped with it.
	 * @param provider the JSSE provider, or {@code null} for the JDK's
	 * @return the key manager factory
	 */
	public KeyManagerFactory keyManagerFactory(Provider provider) {
		if (provider == null) {
			return this.bundle.getManagers().getKeyManagerFactory();
		}
		return FixedManagerFactories.of(this.providerKeyManagers.computeIfAbsent(provider,
				(key) -> new SwappableKeyManager(() -> loaded().keyManager(key))));
	}

	/**
	 * Build key and trust managers for new material, then swap them in. If building fails the
	 * current material stays in service.
	 * @param material the validated identity and trust set
	 */
	synchronized void update(Material material) {
		boolean firstLoad = this.loaded == null;
		this.loaded = Loaded.of(material, this.generation.incrementAndGet(),
				new VerifiedChains(this.verifiedChainsCacheSize), this.clock);
		// Listeners rebuild what depends on material already in service; the first load has none.
		if (!firstLoad) {
			this.events.updated();
		}
	}

	/**
	 * Run a listener after every material update (not on the first load).
	 * @param listener the listener
	 */
	public void addUpdateListener(Runnable listener) {
		this.events.addUpdateListener(listener);
	}

	/**
	 * Tell a listener about every reload attempt.
	 * @param listener the listener
	 */
	public void addReloadListener(Consumer<ReloadOutcome> listener) {
		this.events.addReloadListener(listener);
	}

	/**
	 * Tell a listener about every refused peer.
	 * @param listener the listener
	 */
	public void addHandshakeFailureListener(HandshakeFailureListener listener) {
		this.events.addFailureListener(listener);
	}

	/**
	 * Report a failed handshake seen by a server or client engine. Only failures the trust manager
	 * never saw are logged and counted here (a client that sent no certificate); the others were
	 * reported by the trust manager already.
	 * @param side {@code server} or {@code client}
	 * @param remote the peer's address, if known
	 * @param failure the handshake's exception
	 */
	public void handshakeFailedOutsideTrustManager(String side, String remote, Throwable failure) {
		RefusalReason reason = RefusalReason.of(failure);
		if (reason == RefusalReason.NO_CERTIFICATE) {
			refused(side, reason, null, remote, failure);
		}
	}

	private void refused(String side, RefusalReason reason, X509Certificate[] chain, String remote, Throwable failure) {
		this.refusalLog.refused(side, reason, chain, remote, failure);
		this.events.failed(side, reason);
	}

	/**
	 * Return the most recent distinct refused peers (by side, peer and reason), newest first.
	 * @return up to 50 refusals
	 */
	public List<Refusal> recentRefusals() {
		return this.refusalLog.recent();
	}

	/**
	 * Return the last reload attempts, newest first.
	 * @return up to ten outcomes
	 */
	public List<ReloadOutcome> reloadHistory() {
		return this.events.reloadHistory();
	}

	/**
	 * Return the generation of the material in service, which grows with every update. A peer
	 * verified under an older generation must be verified again: a resumed TLS session skips
	 * certificate checks, so it may still carry a peer that the new trust set refuses.
	 * @return the generation
	 */
	public long generation() {
		return loaded().generation();
	}

	/**
	 * Add a check that every peer chain must also pass once the trust set has verified it.
	 * @param check the check, e.g. revocation
	 */
	public void addChainCheck(ChainCheck check) {
		this.checks.add(check);
	}

	/**
	 * Verify the servers this service calls with a check of their certificate chain instead of
	 * their host name, e.g. their SPIFFE ID, which certificates without a DNS name carry instead.
	 * The chain is still verified against the trust set, and the other checks still run.
	 * @param check the check of the server's identity
	 */
	public void verifyServersBy(ChainCheck check) {
		this.trustManager.verifyServersBy(check);
	}

	/**
	 * Return where the material comes from: {@code files}, {@code bundle} or an
	 * {@link IdentitySource}'s name such as {@code spiffe} or {@code acme}.
	 * @return the source's name
	 */
	public String sourceName() {
		return this.sourceName;
	}

	/**
	 * Return what the source last did ({@link IdentitySource#state()}); empty for files and bundles.
	 * @return the state, never {@code null}
	 */
	public Map<String, Object> sourceState() {
		return this.sourceState.get();
	}

	void describedBy(String name, Supplier<Map<String, Object>> state) {
		this.sourceName = name;
		this.sourceState = state;
	}

	/**
	 * Make peers verified so far be verified again before their next request, e.g. after a CRL
	 * update, without changing the material.
	 */
	public synchronized void invalidatePeers() {
		Loaded current = loaded();
		this.loaded = current.at(this.generation.incrementAndGet());
	}

	private void runChecks(X509Certificate[] chain, boolean peerIsClient) throws CertificateException {
		for (ChainCheck check : this.checks) {
			check.check(chain, peerIsClient);
		}
	}

	/**
	 * Verify a client certificate chain against the trust set in service, as a server handshake
	 * would (refusals are logged the same way).
	 * @param chain the chain, leaf first
	 * @throws CertificateException if the chain is not trusted now
	 */
	public void verifyClient(X509Certificate[] chain) throws CertificateException {
		this.trustManager.checkClientTrusted(chain, "UNKNOWN");
	}

	/**
	 * Set where {@link #reload()} reads new material from.
	 * @param source loads and validates material, throwing with a readable message if it cannot
	 */
	void reloadFrom(Supplier<Material> source) {
		this.source = source;
	}

	/**
	 * Read the identity and trust set again and swap them in if they are valid: they parse, the
	 * key matches the certificate, the chain is in order and within its validity. Otherwise the
	 * material in service stays and the outcome says why. Material identical to the one in service
	 * is not swapped (no new generation, no cache emptied, no server context rebuilt) and the
	 * outcome says it was unchanged, so asking for a reload costs nothing when nothing changed. For
	 * locations that cannot be watched, call this after writing new files; watched files are
	 * reloaded by the starter itself.
	 * @return the outcome
	 */
	public synchronized ReloadOutcome reload() {
		Supplier<Material> source = this.source;
		Assert.state(source != null, "mTLS material has no source to reload from");
		ReloadOutcome previous = this.lastReload;
		ReloadOutcome outcome;
		try {
			Material material = source.get();
			MaterialValidation.validateForSwap(material);
			if (material.sameAs(loaded().material())) {
				outcome = ReloadOutcome.unchanged(this.clock.instant(), serial());
				logger.debug("mTLS material unchanged, nothing swapped");
			}
			else {
				update(material);
				outcome = new ReloadOutcome(this.clock.instant(), null, serial());
				logger.info("mTLS material reloaded: identity "
						+ identity().certificate().getSubjectX500Principal().getName() + " serial " + outcome.serial()
						+ ", " + trust().anchors().size() + " trusted CA certificate(s)");
			}
		}
		catch (RuntimeException ex) {
			String error = (ex instanceof FailureAnalyzedException analyzed)
					? analyzed.getMessage() + " " + analyzed.analysis().getAction() : String.valueOf(ex.getMessage());
			outcome = new ReloadOutcome(this.clock.instant(), error, serial());
			// The same bad file seen again (another event, a retry) is not worth another line.
			if (previous == null || !error.equals(previous.error())) {
				logger.warn("mTLS reload refused, keeping the previous identity and trust set: " + error);
			}
		}
		this.lastReload = outcome;
		this.events.reloaded(outcome);
		return outcome;
	}

	/**
	 * Return the outcome of the last reload attempt.
	 * @return the outcome, or {@code null} if none was attempted
	 */
	public ReloadOutcome lastReload() {
		return this.lastReload;
	}

	private String serial() {
		return identity().certificate().getSerialNumber().toString(16);
	}

	private Loaded loaded() {
		Loaded loaded = this.loaded;
		Assert.state(loaded != null, "mTLS material is not loaded yet");
		return loaded;
	}

	private record Loaded(Material material, long generation, KeyStore keyStore, KeyStore trustStore,
			X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager,
			Map<Provider, X509ExtendedKeyManager> providerKeyManagers) {

		Loaded at(long generation) {
			return new Loaded(this.material, generation, this.keyStore, this.trustStore, this.keyManager,
					this.trustManager, this.providerKeyManagers);
		}

		X509ExtendedKeyManager keyManager(Provider provider) {
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

		static Loaded of(Material material, long generation, VerifiedChains verified, Clock clock) {
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
				X509ExtendedTrustManager trustManager = new RememberingTrustManager(
						first(trustManagers.getTrustManagers(), X509ExtendedTrustManager.class), verified, clock);
				return new Loaded(material, generation, keyStore, trustStore,
						first(keyManagers.getKeyManagers(), X509ExtendedKeyManager.class), trustManager,
						new ConcurrentHashMap<>());
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
