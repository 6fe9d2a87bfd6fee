package dev.mtls.boot.acme;

import java.io.UncheckedIOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.acme.AcmeOrders.AcmeOrderException;
import dev.mtls.boot.acme.AcmeStorage.StoredCertificate;
import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.ConfiguredTrust;
import dev.mtls.boot.core.Identity;
import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.Material;
import dev.mtls.boot.core.TrustSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The service's identity from an ACME CA: a stored certificate that is still valid is served as it
 * is, otherwise one is ordered at startup (waiting up to {@code issue-timeout}); a background thread
 * renews it before {@code renew-before} and hands the new one to the material's validated swap. A
 * failed renewal keeps the certificate in service, is logged and shown in {@link #state()}, and is
 * retried with back-off.
 * <p>
 * The trust set is {@code mtls.trust.*}, never the ACME CA's root: that CA says who controls a
 * domain name, not who may call this service.
 *
 * @author mtls-spring-boot
 */
final class AcmeIdentitySource implements IdentitySource, DisposableBean {

	private static final Log logger = LogFactory.getLog(AcmeIdentitySource.class);

	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	private final MtlsAcmeProperties properties;

	private final CertificateOrder orders;

	private final AcmeStorage storage;

	private final ConfiguredTrust trust;

	private final RenewalSchedule schedule;

	private final Clock clock;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "mtls-acme-renewal");
		thread.setDaemon(true);
		return thread;
	});

	private volatile @Nullable StoredCertificate certificate;

	private volatile @Nullable Instant lastUpdate;

	private volatile @Nullable Instant lastAttempt;

	private volatile @Nullable Instant nextRenewal;

	private volatile @Nullable String error;

	private volatile int failures;

	AcmeIdentitySource(MtlsAcmeProperties properties, CertificateOrder orders, AcmeStorage storage, ConfiguredTrust trust,
			RenewalSchedule schedule, Clock clock) {
		this.properties = properties;
		this.orders = orders;
		this.storage = storage;
		this.trust = trust;
		this.schedule = schedule;
		this.clock = clock;
	}

	@Override
	public String name() {
		return "acme";
	}

	@Override
	public synchronized Material current() {
		TrustSet trustSet = requiredTrust();
		StoredCertificate served = this.certificate;
		if (served == null) {
			served = firstCertificate();
			this.certificate = served;
			if (!this.listeners.isEmpty()) {
				scheduleRenewal(served);
			}
		}
		return new Material(new Identity(served.chain(), served.keyPair().getPrivate()), trustSet);
	}

	/**
	 * Register a listener; the first one starts the renewals, so that no renewal (one due at once,
	 * for a stored certificate near its end) happens before anyone can swap it in.
	 */
	@Override
	public synchronized void onChange(Runnable listener) {
		boolean first = this.listeners.isEmpty();
		this.listeners.add(listener);
		StoredCertificate served = this.certificate;
		if (first && served != null) {
			scheduleRenewal(served);
		}
	}

	@Override
	public Map<String, Object> state() {
		StoredCertificate served = this.certificate;
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("directory", this.properties.getDirectory());
		state.put("domains", List.copyOf(this.properties.getDomains()));
		state.put("challenge", this.properties.getChallenge().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		state.put("notAfter", (served != null) ? served.leaf().getNotAfter().toInstant() : null);
		state.put("lastUpdate", this.lastUpdate);
		state.put("lastAttempt", this.lastAttempt);
		state.put("nextRenewal", this.nextRenewal);
		state.put("consecutiveFailures", this.failures);
		state.put("error", this.error);
		return state;
	}

	@Override
	public void destroy() {
		this.renewals.shutdownNow();
	}

	private TrustSet requiredTrust() {
		TrustSet trustSet = this.trust.read();
		if (!trustSet.isConfigured()) {
			throw ConfigurationProblem.of(
					"mtls.identity.acme.directory is set but no trust set is: mtls.trust.certificates (or mtls.trust.truststore.location) is missing.",
					"Set mtls.trust.certificates to the CA certificates your peers' certificates chain to. The ACME CA "
							+ "vouches for who controls a domain name, not for who may call this service, so its root is "
							+ "not trusted for peers unless you list it there.");
		}
		return trustSet;
	}

	private StoredCertificate firstCertificate() {
		StoredCertificate stored = this.storage.certificate();
		if (stored != null && usable(stored)) {
			logger.info("mTLS identity from ACME: serving the stored certificate " + describe(stored) + " from "
					+ this.storage.directory());
			warnIfServerOnly(stored);
			return stored;
		}
		Duration timeout = this.properties.getIssueTimeout();
		logger.info("mTLS identity from ACME: ordering a certificate for " + this.properties.getDomains() + " from "
				+ this.properties.getDirectory() + " (waiting up to " + timeout + ")");
		this.lastAttempt = this.clock.instant();
		try {
			StoredCertificate issued = this.orders.order(timeout);
			this.storage.store(issued);
			this.lastUpdate = this.clock.instant();
			logger.info("mTLS identity from ACME: issued " + describe(issued));
			warnIfServerOnly(issued);
			return issued;
		}
		catch (AcmeOrderException | UncheckedIOException ex) {
			throw ConfigurationProblem.of("mtls.identity.acme.directory", this.properties.getDirectory(),
					"no certificate for %s could be ordered within %s: %s".formatted(this.properties.getDomains(),
							timeout, ex.getMessage()),
					"Check that the directory URL is right and the CA is reachable (mtls.identity.acme.directory-trust "
							+ "names the CA of its HTTPS certificate), and that the CA can reach this service for the "
							+ "challenge (http-01: port 80 of each domain, forwarded to mtls.identity.acme.http-port).",
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while ordering a certificate from "
					+ this.properties.getDirectory(), ex);
		}
	}

	// Stored for the same domains and valid now; one already due for renewal is served while the
	// renewal runs, as cert-manager keeps serving the Secret it is renewing.
	private boolean usable(StoredCertificate stored) {
		X509Certificate leaf = stored.leaf();
		Instant now = this.clock.instant();
		return dnsNames(leaf).containsAll(this.properties.getDomains())
				&& !now.isBefore(leaf.getNotBefore().toInstant()) && now.isBefore(leaf.getNotAfter().toInstant());
	}

	private void scheduleRenewal(StoredCertificate served) {
		Instant at = this.schedule.renewalTime(served.leaf());
		this.nextRenewal = at;
		schedule(Duration.between(this.clock.instant(), at));
	}

	private void schedule(Duration delay) {
		if (!this.renewals.isShutdown()) {
			this.renewals.schedule(this::renew, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
	}

	private void renew() {
		this.lastAttempt = this.clock.instant();
		StoredCertificate renewed;
		try {
			renewed = this.orders.order(this.properties.getIssueTimeout());
			this.storage.store(renewed);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (RuntimeException ex) {
			failed(ex);
			return;
		}
		this.certificate = renewed;
		this.lastUpdate = this.clock.instant();
		this.error = null;
		this.failures = 0;
		logger.info("mTLS identity from ACME: renewed, now " + describe(renewed));
		scheduleRenewal(renewed);
		// Each listener runs the validated swap; one that refuses keeps the material in service.
		this.listeners.forEach(Runnable::run);
		// A CA whose clock runs ahead issues certificates valid from a moment from now, which the
		// swap refuses until then: offer it again once it is valid, before the old one runs out.
		Duration untilValid = Duration.between(this.clock.instant(), renewed.leaf().getNotBefore().toInstant());
		if (!untilValid.isNegative()) {
			this.renewals.schedule(() -> this.listeners.forEach(Runnable::run), untilValid.toMillis() + 1000,
					TimeUnit.MILLISECONDS);
		}
	}

	private void failed(RuntimeException ex) {
		this.failures++;
		this.error = ex.getMessage();
		Duration wait = this.schedule.retryAfter(this.failures);
		this.nextRenewal = this.clock.instant().plus(wait);
		StoredCertificate served = this.certificate;
		logger.warn("mTLS identity from ACME: renewal from " + this.properties.getDirectory() + " failed ("
				+ this.failures + " in a row), keeping " + ((served != null) ? describe(served) : "nothing")
				+ "; next attempt in " + wait + ": " + ex.getMessage());
		schedule(wait);
	}

	// Public CAs have stopped issuing clientAuth (Let's Encrypt's default profile since 2026): such a
	// certificate still serves, but peers checking the usage refuse it when this service calls them.
	private void warnIfServerOnly(StoredCertificate certificate) {
		List<String> usages;
		try {
			usages = certificate.leaf().getExtendedKeyUsage();
		}
		catch (CertificateParsingException ex) {
			return;
		}
		if (usages != null && !usages.contains(CLIENT_AUTH)) {
			logger.warn("mTLS identity from ACME: the certificate from " + this.properties.getDirectory()
					+ " is for servers only (no clientAuth extended key usage): it serves this service's port, but "
					+ "peers that check the usage, as this starter does, refuse it on this service's outbound calls. "
					+ "Use a CA that issues clientAuth too (a private ACME CA such as step-ca), see docs/acme.md.");
		}
	}

	private static String describe(StoredCertificate certificate) {
		X509Certificate leaf = certificate.leaf();
		return "(subject " + leaf.getSubjectX500Principal().getName() + ", serial "
				+ leaf.getSerialNumber().toString(16) + ", valid until " + leaf.getNotAfter().toInstant() + ")";
	}

	private static List<String> dnsNames(X509Certificate certificate) {
		List<String> names = new ArrayList<>();
		try {
			Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
			if (alternatives != null) {
				for (List<?> name : alternatives) {
					if (Integer.valueOf(2).equals(name.get(0))) {
						names.add((String) name.get(1));
					}
				}
			}
		}
		catch (CertificateParsingException ex) {
			// No readable names: the stored certificate is not reused.
		}
		return names;
	}

}
