package dev.mtls.boot.revocation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtls.boot.core.ConfigurationProblem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The CRLs named by {@code mtls.revocation.crl-locations}: files, re-read when the watcher sees
 * them change, and HTTP(S) URLs, fetched again before their nextUpdate (or the cache TTL, if
 * sooner). A CRL that cannot be fetched again stays in use until its nextUpdate passes. A CRL goes
 * into service only if {@link CrlAcceptance} accepts it (signed by its issuer, not older than the
 * one in service); otherwise the previous one stays and a warning says why.
 *
 * @author mtls-spring-boot
 */
final class CrlStore {

	private static final Log logger = LogFactory.getLog(CrlStore.class);

	private final List<Source> sources = new ArrayList<>();

	private final Map<Source, Loaded> loaded = new ConcurrentHashMap<>();

	private final Duration ttl;

	private final Duration timeout;

	private final Clock clock;

	private final HttpClient http;

	private final CrlAcceptance acceptance;

	CrlStore(List<String> locations, ResourceLoader resourceLoader, Duration ttl, Duration timeout, Clock clock,
			CrlAcceptance acceptance) {
		this.acceptance = acceptance;
		this.ttl = ttl;
		this.timeout = timeout;
		this.clock = clock;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
		for (int i = 0; i < locations.size(); i++) {
			String property = "mtls.revocation.crl-locations[" + i + "]";
			String location = locations.get(i);
			if (location.startsWith("http://") || location.startsWith("https://")) {
				this.sources.add(new Source(property, location, null));
			}
			else {
				Resource resource = resourceLoader.getResource(location);
				try {
					this.sources.add(new Source(property, location, resource.getFile().toPath()));
				}
				catch (IOException ex) {
					throw ConfigurationProblem.of(property, location, "it is neither a file nor an http(s) URL.",
							"Use file:/path/to/ca.crl or https://host/ca.crl.");
				}
			}
		}
		for (Source source : this.sources) {
			if (source.file() != null) {
				Loaded crls = loadFile(source);
				String refusal = refusal(crls.crls());
				if (refusal != null) {
					throw ConfigurationProblem.of(source.property(), source.location(),
							"the CRL is not accepted: " + refusal + ".",
							"Point it at a CRL issued by a CA of mtls.trust.certificates (or an intermediate "
									+ "below one), as the CA published it.");
				}
				this.loaded.put(source, crls);
			}
			else {
				refresh(source);
			}
		}
	}

	/**
	 * Return the files behind file CRL locations, for the watcher.
	 * @return the files
	 */
	List<Path> files() {
		return this.sources.stream().map(Source::file).filter((file) -> file != null).toList();
	}

	/**
	 * Return the CRLs in service.
	 * @return the CRLs
	 */
	List<X509CRL> current() {
		List<X509CRL> crls = new ArrayList<>();
		for (Loaded crl : this.loaded.values()) {
			crls.addAll(crl.crls());
		}
		return crls;
	}

	/**
	 * Return the soonest nextUpdate of all CRLs in service.
	 * @return the instant, or {@code null} without CRLs
	 */
	@Nullable Instant soonestNextUpdate() {
		Instant soonest = null;
		for (Loaded crl : this.loaded.values()) {
			for (X509CRL each : crl.crls()) {
				if (each.getNextUpdate() != null) {
					Instant next = each.getNextUpdate().toInstant();
					soonest = (soonest == null || next.isBefore(soonest)) ? next : soonest;
				}
			}
		}
		return soonest;
	}

	/**
	 * Remember the CA certificates of a path built to the trust set, so their CRLs can be checked.
	 * @param path the path, leaf first, without the trust anchor
	 */
	void learnIssuers(List<X509Certificate> path) {
		this.acceptance.learn(path);
	}

	/**
	 * Re-read file CRLs; a file that cannot be read or whose CRL is not accepted keeps its
	 * previous CRLs.
	 * @return whether anything changed
	 */
	synchronized boolean reloadFiles() {
		boolean changed = false;
		for (Source source : this.sources) {
			if (source.file() != null) {
				try {
					Loaded crls = loadFile(source);
					String refusal = refusal(crls.crls());
					if (refusal != null) {
						logger.warn("Keeping the previous CRL of " + source.location() + ": the new one is not accepted, "
								+ refusal);
						continue;
					}
					this.loaded.put(source, crls);
					changed = true;
				}
				catch (RuntimeException ex) {
					logger.warn("Keeping the previous CRL of " + source.location() + ": " + ex.getMessage());
				}
			}
		}
		return changed;
	}

	/**
	 * Fetch HTTP CRLs that are due.
	 * @return whether any CRL changed
	 */
	boolean refreshDue() {
		boolean changed = false;
		Instant now = this.clock.instant();
		for (Source source : this.sources) {
			Loaded current = this.loaded.get(source);
			if (source.file() == null && (current == null || !now.isBefore(current.due()))) {
				changed |= refresh(source);
			}
		}
		return changed;
	}

	private synchronized boolean refresh(Source source) {
		Loaded current = this.loaded.get(source);
		if (current != null && this.clock.instant().isBefore(current.due())) {
			return false;
		}
		try {
			HttpResponse<byte[]> response = this.http.send(
					HttpRequest.newBuilder(URI.create(source.location())).timeout(this.timeout).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			List<X509CRL> crls = parse(response.body());
			String refusal = refusal(crls);
			if (refusal != null) {
				throw new CRLException("the fetched CRL is not accepted, " + refusal);
			}
			this.loaded.put(source, new Loaded(crls, due(crls)));
			return true;
		}
		catch (IOException | GeneralSecurityException ex) {
			logger.warn("Unable to fetch CRL " + source.location() + " (" + ex.getMessage() + "); "
					+ ((current != null) ? "keeping the previous one until its nextUpdate" : "no CRL from it yet"));
			// Try again soon, but not on every handshake.
			Instant retry = this.clock.instant().plus(Duration.ofSeconds(10));
			List<X509CRL> kept = (current != null) ? stillValid(current.crls()) : List.of();
			this.loaded.put(source, new Loaded(kept, retry));
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private @Nullable String refusal(List<X509CRL> crls) {
		List<X509CRL> inService = current();
		for (X509CRL crl : crls) {
			String refusal = this.acceptance.refusal(crl, inService);
			if (refusal != null) {
				return refusal;
			}
		}
		return null;
	}

	private Loaded loadFile(Source source) {
		try {
			List<X509CRL> crls = parse(Files.readAllBytes(source.file()));
			return new Loaded(crls, Instant.MAX);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw ConfigurationProblem.of(source.property(), source.location(),
					"the CRL cannot be read (" + ex.getMessage() + ").",
					"Point it at a PEM or DER CRL file, e.g. one written by 'openssl ca -gencrl'.");
		}
	}

	private List<X509CRL> stillValid(List<X509CRL> crls) {
		Instant now = this.clock.instant();
		return crls.stream()
			.filter((crl) -> crl.getNextUpdate() == null || crl.getNextUpdate().toInstant().isAfter(now))
			.toList();
	}

	/**
	 * When to fetch again: after the TTL, or a little before the soonest nextUpdate, so a fresh
	 * CRL is in place when the old one expires.
	 */
	private Instant due(List<X509CRL> crls) {
		Instant now = this.clock.instant();
		Instant due = now.plus(this.ttl);
		for (X509CRL crl : crls) {
			if (crl.getNextUpdate() != null) {
				Instant nextUpdate = crl.getNextUpdate().toInstant();
				Duration margin = Duration.between(now, nextUpdate).dividedBy(10);
				Instant early = nextUpdate.minus(margin.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : margin);
				due = early.isBefore(due) ? early : due;
			}
		}
		Instant soonest = now.plusSeconds(1);
		return due.isBefore(soonest) ? soonest : due;
	}

	private static List<X509CRL> parse(byte[] bytes) throws GeneralSecurityException {
		List<X509CRL> crls = new ArrayList<>();
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		for (Object crl : factory.generateCRLs(new ByteArrayInputStream(bytes))) {
			crls.add((X509CRL) crl);
		}
		if (crls.isEmpty()) {
			throw new CRLException("no CRL found");
		}
		return crls;
	}

	private record Source(String property, String location, @Nullable Path file) {
	}

	private record Loaded(List<X509CRL> crls, Instant due) {
	}

}
