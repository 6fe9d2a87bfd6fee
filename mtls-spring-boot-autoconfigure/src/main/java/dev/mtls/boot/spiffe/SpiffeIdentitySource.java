package dev.mtls.boot.spiffe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.Identity;
import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.Material;
import dev.mtls.boot.core.TrustSet;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.Watcher;
import io.spiffe.workloadapi.WorkloadApiClient;
import io.spiffe.workloadapi.X509Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Identity and trust pushed by the SPIFFE Workload API (a SPIRE agent): the default X.509-SVID is
 * the identity, the bundles of this workload's trust domain and of every federated domain the trust
 * set. Each push of the Workload API's X.509 context stream is handed to the material, which
 * validates and swaps it. When the Workload API is lost, the last SVID stays in service until it
 * expires and the loss is reported (log, health, {@code /actuator/mtls}); the stream is opened again
 * with a growing delay.
 *
 * @author mtls-spring-boot
 */
final class SpiffeIdentitySource implements IdentitySource, Watcher<X509Context>, AutoCloseable {

	private static final Log logger = LogFactory.getLog(SpiffeIdentitySource.class);

	private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(500);

	private final WorkloadApi workloadApi;

	private final Duration initialFetchTimeout;

	private final Duration maxReconnectDelay;

	private final Clock clock;

	private final CountDownLatch first = new CountDownLatch(1);

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "mtls-spiffe");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable WorkloadApiClient client;

	private volatile @Nullable X509Context latest;

	private volatile @Nullable X509Context handedOut;

	private volatile @Nullable Instant lastUpdate;

	private volatile @Nullable Instant lostSince;

	private volatile @Nullable String error;

	private volatile boolean expiryReported;

	private volatile Duration reconnectDelay = FIRST_RECONNECT_DELAY;

	private volatile boolean closed;

	SpiffeIdentitySource(WorkloadApi workloadApi, Duration initialFetchTimeout, Duration maxReconnectDelay,
			Clock clock) {
		this.workloadApi = workloadApi;
		this.initialFetchTimeout = initialFetchTimeout;
		this.maxReconnectDelay = maxReconnectDelay;
		this.clock = clock;
	}

	@Override
	public String name() {
		return "spiffe";
	}

	@Override
	public Material current() {
		start();
		try {
			if (!this.first.await(this.initialFetchTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw noSvid();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw noSvid();
		}
		X509Context context = this.latest;
		Assert.state(context != null, "the first SVID arrived but none is held");
		this.handedOut = context;
		return material(context);
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
		// A push between the first current() and this registration would otherwise wait for the next.
		if (this.latest != this.handedOut) {
			listener.run();
		}
	}

	@Override
	public Map<String, Object> state() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("endpointSocket", this.workloadApi.address());
		state.put("connected", this.lostSince == null && this.latest != null);
		X509Context context = this.latest;
		if (context != null) {
			X509Svid svid = context.getDefaultSvid();
			state.put("spiffeId", svid.getSpiffeId().toString());
			state.put("svidExpiresAt", svid.getLeaf().getNotAfter().toInstant().toString());
			state.put("trustDomains", trustDomains());
		}
		if (this.lastUpdate != null) {
			state.put("lastUpdate", this.lastUpdate.toString());
		}
		if (this.lostSince != null) {
			state.put("lostSince", this.lostSince.toString());
		}
		if (this.error != null) {
			state.put("error", this.error);
		}
		return state;
	}

	@Override
	public void onUpdate(X509Context context) {
		boolean reconnected = this.lostSince != null;
		this.latest = context;
		this.lastUpdate = this.clock.instant();
		this.lostSince = null;
		this.error = null;
		this.expiryReported = false;
		this.reconnectDelay = FIRST_RECONNECT_DELAY;
		if (reconnected) {
			logger.info("SPIFFE Workload API at " + this.workloadApi.address() + " is back");
		}
		logger.debug("SPIFFE Workload API pushed " + context.getDefaultSvid().getSpiffeId() + ", trust domains "
				+ trustDomains());
		this.first.countDown();
		for (Runnable listener : this.listeners) {
			listener.run();
		}
	}

	@Override
	public void onError(Throwable failure) {
		if (this.closed) {
			return;
		}
		Instant now = this.clock.instant();
		String message = messages(failure);
		X509Context held = this.latest;
		if (this.lostSince == null) {
			this.lostSince = now;
			if (held != null) {
				X509Svid svid = held.getDefaultSvid();
				logger.warn("SPIFFE Workload API at %s lost: %s; keeping the X.509-SVID %s (serial %s) until it expires at %s"
					.formatted(this.workloadApi.address(), message, svid.getSpiffeId(),
							svid.getLeaf().getSerialNumber().toString(16), svid.getLeaf().getNotAfter().toInstant()));
			}
		}
		this.error = message;
		Instant notAfter = (held != null) ? held.getDefaultSvid().getLeaf().getNotAfter().toInstant() : null;
		if (notAfter != null && now.isAfter(notAfter)) {
			this.error = "X.509-SVID expired at %s while the Workload API is unreachable: %s".formatted(notAfter,
					message);
			if (!this.expiryReported) {
				this.expiryReported = true;
				logger.error("SPIFFE " + this.error + "; peers refuse this service until the agent is back");
			}
		}
		Duration delay = this.reconnectDelay;
		this.reconnectDelay = min(delay.multipliedBy(2), this.maxReconnectDelay);
		this.reconnects.schedule(this::watch, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Return the bundle of a trust domain as last pushed.
	 * @param domain the trust domain
	 * @return the bundle, or {@code null} if none is held
	 */
	@Nullable X509Bundle bundle(TrustDomain domain) {
		X509Context context = this.latest;
		return (context != null) ? context.getX509BundleSet().getBundles().get(domain) : null;
	}

	List<String> trustDomains() {
		X509Context context = this.latest;
		return (context != null) ? context.getX509BundleSet()
			.getBundles()
			.keySet()
			.stream()
			.map(TrustDomain::getName)
			.sorted()
			.toList() : List.of();
	}

	/**
	 * Return this workload's own trust domain.
	 * @return the trust domain of the SVID in service
	 */
	TrustDomain ownTrustDomain() {
		X509Context context = this.handedOut;
		Assert.state(context != null, "no SVID is in service yet");
		return context.getDefaultSvid().getSpiffeId().getTrustDomain();
	}

	private synchronized void start() {
		if (this.client == null) {
			this.client = this.workloadApi.connect();
			watch();
		}
	}

	private synchronized void watch() {
		WorkloadApiClient client = this.client;
		if (!this.closed && client != null) {
			client.watchX509Context(this);
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		this.reconnects.shutdownNow();
		if (this.client != null) {
			try {
				this.client.close();
			}
			catch (Exception ex) {
				logger.debug("Closing the Workload API client failed", ex);
			}
		}
	}

	private RuntimeException noSvid() {
		String cause = (this.error != null) ? " Last error: " + this.error + "." : "";
		return ConfigurationProblem.of("mtls.identity.spiffe.endpoint-socket", this.workloadApi.address(),
				"no X.509-SVID arrived from the SPIFFE Workload API within %s.%s".formatted(this.initialFetchTimeout,
						cause),
				"Check that the SPIRE agent runs and its socket is mounted at this path (in Kubernetes a hostPath "
						+ "volume or the SPIFFE CSI driver), that this workload has a registration entry the agent "
						+ "attests (spire-server entry show), or raise mtls.identity.spiffe.initial-fetch-timeout.");
	}

	static Material material(X509Context context) {
		X509Svid svid = context.getDefaultSvid();
		List<java.security.cert.X509Certificate> anchors = new ArrayList<>();
		context.getX509BundleSet()
			.getBundles()
			.values()
			.stream()
			.sorted(Comparator.comparing((X509Bundle bundle) -> bundle.getTrustDomain().getName()))
			// Authorities come as a set: a stable order keeps an unchanged push from looking changed.
			.forEach((bundle) -> bundle.getX509Authorities()
				.stream()
				.sorted(Comparator.comparing((certificate) -> certificate.getSerialNumber()))
				.filter((certificate) -> !anchors.contains(certificate))
				.forEach(anchors::add));
		return new Material(new Identity(svid.getChain(), svid.getPrivateKey()), new TrustSet(anchors));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	// "Cancelling X.509 Context watch: UNAVAILABLE: io exception: connect(..) failed: No such file or directory"
	private static String messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && messages.stream().noneMatch((known) -> known.contains(message))) {
				messages.add(message);
			}
		}
		return messages.isEmpty() ? failure.getClass().getName() : String.join(": ", messages);
	}

}
