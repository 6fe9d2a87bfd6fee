package dev.mtls.boot.revocation;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.mtls.boot.core.ChainCheck;
import dev.mtls.boot.core.LogText;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.RevocationMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Checks peer chains for revocation with the JDK's {@link PKIXRevocationChecker} (OCSP, CRLs from
 * {@link CrlStore} and from distribution points), on the path PKIX builds to the trust set
 * ({@link BuiltPaths}) rather than the chain as presented, once per path: answers are cached up to
 * the cache TTL (a CRL's nextUpdate wins if sooner), concurrent handshakes of one path share one
 * lookup, and a handshake waits at most the timeout. Revoked is always refused; unknown is refused
 * unless soft-fail is on. A chain whose path cannot be built is refused and nothing is remembered.
 *
 * @author mtls-spring-boot
 */
final class RevocationCheck implements ChainCheck {

	private static final Log logger = LogFactory.getLog(RevocationCheck.class);

	/**
	 * How long an unknown status is remembered, so a dead responder costs one timeout per
	 * certificate in this period rather than one per handshake.
	 */
	private static final Duration UNKNOWN_TTL = Duration.ofSeconds(30);

	private static final int MAX_CACHED_ANSWERS = 10_000;

	private final MtlsMaterial material;

	private final CrlStore crls;

	private final MtlsRevocationProperties properties;

	private final Executor executor;

	private final Clock clock;

	private final BuiltPaths paths;

	// Keyed by the built path: what the answer depends on, whatever else a caller presented.
	private final Map<List<X509Certificate>, Answer> answers = new ConcurrentHashMap<>();

	private final Map<List<X509Certificate>, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

	RevocationCheck(MtlsMaterial material, CrlStore crls, MtlsRevocationProperties properties, Executor executor,
			Clock clock) {
		this.material = material;
		this.crls = crls;
		this.properties = properties;
		this.executor = executor;
		this.clock = clock;
		this.paths = new BuiltPaths(material, clock, crls::learnIssuers);
	}

	@Override
	public void check(X509Certificate[] chain, boolean peerIsClient) throws CertificateException {
		if (!peerIsClient && !this.properties.isCheckServers()) {
			return;
		}
		// A chain the trust manager accepted but whose path cannot be built here is refused for
		// this caller only: it says nothing about the revocation of the certificates in it.
		List<X509Certificate> path = this.paths.path(chain);
		if (path.isEmpty()) {
			return;
		}
		Answer answer = answer(path);
		switch (answer.status()) {
			case GOOD -> {
			}
			case REVOKED -> throw new CertificateException("Certificate revoked: " + answer.detail(),
					new CertPathValidatorException(answer.detail(), null, null, -1, BasicReason.REVOKED));
			case UNKNOWN -> {
				if (this.properties.isSoftFail()) {
					logger.warn("Revocation status of " + LogText.escape(chain[0].getSubjectX500Principal().getName())
							+ " (serial " + chain[0].getSerialNumber().toString(16) + ") is unknown ("
							+ LogText.escape(answer.detail())
							+ "); allowed because mtls.revocation.soft-fail=true");
					return;
				}
				throw new CertificateException("Revocation status unknown: " + answer.detail(),
						new CertPathValidatorException(answer.detail(), null, null, -1,
								BasicReason.UNDETERMINED_REVOCATION_STATUS));
			}
		}
	}

	@Override
	public Instant acceptedUntil(X509Certificate[] chain) {
		List<X509Certificate> path = this.paths.known(chain);
		if (path != null && path.isEmpty()) {
			return Instant.MAX;
		}
		Answer answer = (path != null) ? this.answers.get(path) : null;
		Instant now = this.clock.instant();
		// Without a current answer the chain is checked again on its next use.
		return (answer != null && answer.isCurrent(this.material.generation(), now)) ? answer.expires() : now;
	}

	/**
	 * Forget all answers, e.g. after the CRLs changed.
	 */
	void clear() {
		this.answers.clear();
	}

	int cachedAnswers() {
		return this.answers.size();
	}

	private Answer answer(List<X509Certificate> path) {
		long generation = this.material.generation();
		Instant now = this.clock.instant();
		Answer cached = this.answers.get(path);
		if (cached != null && cached.isCurrent(generation, now)) {
			return cached;
		}
		CompletableFuture<Answer> lookup = this.inFlight.computeIfAbsent(path,
				(key) -> CompletableFuture.supplyAsync(() -> lookUp(path, generation), this.executor));
		Answer answer;
		try {
			answer = lookup.get(this.properties.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// The lookup goes on in the background and replaces this answer when it has one;
			// meanwhile other handshakes of this certificate do not wait again.
			Answer unknown = new Answer(Status.UNKNOWN, "no answer within " + this.properties.getTimeout(),
					generation, now.plus(UNKNOWN_TTL));
			this.answers.merge(path, unknown,
					(existing, placeholder) -> existing.isCurrent(generation, now) ? existing : placeholder);
			return unknown;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(Status.UNKNOWN, "interrupted", generation, now);
		}
		catch (ExecutionException ex) {
			answer = new Answer(Status.UNKNOWN, String.valueOf(ex.getCause()), generation, now.plus(UNKNOWN_TTL));
		}
		return answer;
	}

	private Answer lookUp(List<X509Certificate> path, long generation) {
		try {
			Answer answer = validate(path, generation);
			remember(path, answer);
			return answer;
		}
		finally {
			this.inFlight.remove(path);
		}
	}

	/**
	 * Cache an answer, keeping the cache bounded: short-lived certificates (e.g. one-hour SVIDs)
	 * would otherwise pile up answers nobody asks for again.
	 */
	private void remember(List<X509Certificate> path, Answer answer) {
		if (this.answers.size() >= MAX_CACHED_ANSWERS) {
			Instant now = this.clock.instant();
			this.answers.values().removeIf((cached) -> !now.isBefore(cached.expires()));
			if (this.answers.size() >= MAX_CACHED_ANSWERS) {
				this.answers.clear();
			}
		}
		this.answers.put(path, answer);
	}

	/**
	 * Check a built path for revocation. It was built from the trust set already, so a failure
	 * here is about revocation: revoked, or a status that could not be determined.
	 */
	private Answer validate(List<X509Certificate> path, long generation) {
		Instant now = this.clock.instant();
		try {
			CertPathValidator validator = CertPathValidator.getInstance("PKIX");
			PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
			revocation.setOptions(options(this.properties.getMode()));
			if (this.properties.getOcspResponder() != null && !this.properties.getOcspResponder().isBlank()) {
				revocation.setOcspResponder(URI.create(this.properties.getOcspResponder()));
			}
			PKIXParameters parameters = new PKIXParameters(this.paths.anchors());
			parameters.setDate(Date.from(now));
			parameters.addCertPathChecker(revocation);
			parameters.addCertStore(
					CertStore.getInstance("Collection", new CollectionCertStoreParameters(this.crls.current())));
			validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
			return new Answer(Status.GOOD, "good", generation, expiry(now, this.properties.getCacheTtl()));
		}
		catch (CertPathValidatorException ex) {
			if (ex.getReason() == BasicReason.REVOKED) {
				return new Answer(Status.REVOKED, ex.getMessage(), generation, expiry(now, this.properties.getCacheTtl()));
			}
			return new Answer(Status.UNKNOWN, ex.getMessage(), generation, now.plus(UNKNOWN_TTL));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return new Answer(Status.UNKNOWN, ex.toString(), generation, now.plus(UNKNOWN_TTL));
		}
	}

	private Instant expiry(Instant now, Duration ttl) {
		Instant expiry = now.plus(ttl);
		Instant nextUpdate = this.crls.soonestNextUpdate();
		return (nextUpdate != null && nextUpdate.isBefore(expiry)) ? nextUpdate : expiry;
	}

	private static Set<PKIXRevocationChecker.Option> options(RevocationMode mode) {
		return switch (mode) {
			case CRL -> EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK);
			case OCSP -> EnumSet.of(PKIXRevocationChecker.Option.NO_FALLBACK);
			case OCSP_THEN_CRL, NONE -> EnumSet.noneOf(PKIXRevocationChecker.Option.class);
		};
	}

	enum Status {

		GOOD, REVOKED, UNKNOWN

	}

	record Answer(Status status, @Nullable String detail, long generation, Instant expires) {

		boolean isCurrent(long generation, Instant now) {
			return this.generation == generation && now.isBefore(this.expires);
		}

	}

}
