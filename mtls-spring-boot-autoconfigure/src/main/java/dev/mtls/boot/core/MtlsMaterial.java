package dev.mtls.boot.core;

import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.KeyManagerFactory;

import org.jspecify.annotations.Nullable;
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

	private static final int DEFAULT_VERIFIED_CHAINS = 10_000;

	private final SslBundle bundle;

	private final SwappableTrustManager trustManager;

	private final Clock clock;

	private final int verifiedChainsCacheSize;

	private final AtomicLong generation = new AtomicLong();

	// One volatile write swaps identity and trust together for every server and client.
	private volatile @Nullable ServedMaterial served;

	private volatile @Nullable Supplier<Material> source;

	private final Map<Provider, SwappableKeyManager> providerKeyManagers = new ConcurrentHashMap<>();

	private final ChainChecks checks = new ChainChecks();

	private final UpdateListeners updateListeners = new UpdateListeners();

	private final ReloadHistory reloads = new ReloadHistory();

	private final PeerRefusals refusals;

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
		this.refusals = new PeerRefusals(new RefusalLog(clock, Duration.ofMinutes(5)));
		SwappableKeyManager keyManager = new SwappableKeyManager(() -> served().keyManager());
		this.trustManager = new SwappableTrustManager(() -> served().trustManager(), this.checks::check,
				this.refusals);
		this.bundle = SslBundle.of(new CurrentStores(), SslBundleKey.of("", KEY_ALIAS), options, "TLS",
				SslManagerBundle.of(FixedManagerFactories.of(keyManager), FixedManagerFactories.of(this.trustManager)));
	}

	/**
	 * Return the identity currently in service.
	 * @return the identity
	 */
	public Identity identity() {
		return served().material().identity();
	}

	/**
	 * Return the trust set currently in service.
	 * @return the trust set
	 */
	public TrustSet trust() {
		return served().material().trust();
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
	public KeyManagerFactory keyManagerFactory(@Nullable Provider provider) {
		if (provider == null) {
			return this.bundle.getManagers().getKeyManagerFactory();
		}
		return FixedManagerFactories.of(this.providerKeyManagers.computeIfAbsent(provider,
				(key) -> new SwappableKeyManager(() -> served().keyManager(key))));
	}

	/**
	 * Build key and trust managers for new material, then swap them in. If building fails the
	 * current material stays in service.
	 * @param material the validated identity and trust set
	 */
	synchronized void update(Material material) {
		boolean firstLoad = this.served == null;
		this.served = ServedMaterial.of(material, this.generation.incrementAndGet(),
				new VerifiedChains(this.verifiedChainsCacheSize), this.clock);
		// Listeners rebuild what depends on material already in service; the first load has none.
		if (!firstLoad) {
			this.updateListeners.updated();
		}
	}

	/**
	 * Run a listener after every material update (not on the first load).
	 * @param listener the listener
	 */
	public void addUpdateListener(Runnable listener) {
		this.updateListeners.add(listener);
	}

	/**
	 * Tell a listener about every reload attempt.
	 * @param listener the listener
	 */
	public void addReloadListener(Consumer<ReloadOutcome> listener) {
		this.reloads.addListener(listener);
	}

	/**
	 * Tell a listener about every refused peer.
	 * @param listener the listener
	 */
	public void addHandshakeFailureListener(HandshakeFailureListener listener) {
		this.refusals.addListener(listener);
	}

	/**
	 * Report a failed handshake seen by a server or client engine. Only failures the trust manager
	 * never saw are logged and counted here (a client that sent no certificate); the others were
	 * reported by the trust manager already.
	 * @param side {@code server} or {@code client}
	 * @param remote the peer's address, if known
	 * @param failure the handshake's exception
	 */
	public void handshakeFailedOutsideTrustManager(String side, @Nullable String remote, Throwable failure) {
		this.refusals.handshakeFailed(side, remote, failure);
	}

	/**
	 * Return the most recent distinct refused peers (by side, peer and reason), newest first.
	 * @return up to 50 refusals
	 */
	public List<Refusal> recentRefusals() {
		return this.refusals.recent();
	}

	/**
	 * Return the last reload attempts, newest first.
	 * @return up to ten outcomes
	 */
	public List<ReloadOutcome> reloadHistory() {
		return this.reloads.recent();
	}

	/**
	 * Return the generation of the material in service, which grows with every update. A peer
	 * verified under an older generation must be verified again: a resumed TLS session skips
	 * certificate checks, so it may still carry a peer that the new trust set refuses.
	 * @return the generation
	 */
	public long generation() {
		return served().generation();
	}

	/**
	 * Return the clock that decides validity here: the application's {@link Clock} bean, if it
	 * has one. Revocation, health, metrics and peer authentication read time from it too, so they
	 * all agree on what is valid.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
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
		this.served = served().at(this.generation.incrementAndGet());
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
		ReloadOutcome outcome;
		try {
			Material material = source.get();
			MaterialValidation.validateForSwap(material);
			if (material.sameAs(served().material())) {
				outcome = ReloadOutcome.unchanged(this.clock.instant(), serial());
			}
			else {
				update(material);
				outcome = new ReloadOutcome(this.clock.instant(), null, serial());
			}
		}
		catch (RuntimeException ex) {
			outcome = ReloadOutcome.refused(this.clock.instant(), ex, serial());
		}
		this.reloads.record(outcome, served().material());
		return outcome;
	}

	/**
	 * Return the outcome of the last reload attempt.
	 * @return the outcome, or {@code null} if none was attempted
	 */
	public @Nullable ReloadOutcome lastReload() {
		return this.reloads.last();
	}

	private String serial() {
		return identity().certificate().getSerialNumber().toString(16);
	}

	private ServedMaterial served() {
		ServedMaterial served = this.served;
		Assert.state(served != null, "mTLS material is not loaded yet");
		return served;
	}

	/**
	 * Key and trust stores of the material in service, for Spring Boot's own readers
	 * ({@code SslInfo}, {@code ssl.chain.expiry}).
	 */
	private final class CurrentStores implements SslStoreBundle {

		@Override
		public KeyStore getKeyStore() {
			return served().keyStore();
		}

		@Override
		public String getKeyStorePassword() {
			return "";
		}

		@Override
		public @Nullable KeyStore getTrustStore() {
			return served().trustStore();
		}

	}

}
