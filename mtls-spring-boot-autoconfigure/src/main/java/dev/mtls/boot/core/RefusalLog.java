package dev.mtls.boot.core;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs each refused peer certificate as one WARN line with the peer's address, subject, issuer,
 * serial, the reason and a hint for the fix, at most once per peer and reason in a period, so a
 * misconfigured client retrying in a loop cannot flood the log. Peers choose their certificates,
 * so everything they control is escaped ({@link LogText}), and however many certificates one source
 * host makes up, it gets at most {@value #LOGGED_PER_SOURCE} lines per period and
 * {@value #LISTED_PER_SOURCE} entries in the endpoint's list: beyond that its refusals are counted
 * in one entry, and other peers' refusals stay visible. Refusals without an address (Tomcat's JDK
 * engine does not tell the trust manager) are limited per peer only.
 *
 * @author mtls-spring-boot
 */
final class RefusalLog {

	private static final Log logger = LogFactory.getLog(RefusalLog.class);

	private static final int MAX_REMEMBERED = 10_000;

	private static final int MAX_RECENT = 50;

	/**
	 * Distinct refusals one source host may log per period.
	 */
	static final int LOGGED_PER_SOURCE = 20;

	/**
	 * Distinct refusals of one source host in the recent list; the rest are counted in one entry.
	 */
	static final int LISTED_PER_SOURCE = 5;

	private static final String MORE = "(more distinct certificates from this host)";

	private final Clock clock;

	private final Duration period;

	private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

	private final Map<String, SourceWindow> sources = new ConcurrentHashMap<>();

	// The most recent distinct refusals, for the mtls endpoint; the least recently seen go first.
	private final Map<String, Refusal> recent = new LinkedHashMap<>(16, 0.75f, true);

	// The source host of each entry in the recent list.
	private final Map<String, String> recentSources = new HashMap<>();

	RefusalLog(Clock clock, Duration period) {
		this.clock = clock;
		this.period = period;
	}

	/**
	 * Record a refusal.
	 * @param side {@code server} when this service refused a client, {@code client} when it
	 * refused a server
	 * @param reason why, as classified from {@code failure}
	 * @param chain the refused chain
	 * @param remote the peer's address, if known
	 * @param failure the trust manager's exception
	 * @return whether a line was logged
	 */
	boolean refused(String side, RefusalReason reason, X509Certificate @Nullable [] chain, @Nullable String remote,
			Throwable failure) {
		X509Certificate leaf = (chain != null && chain.length > 0) ? chain[0] : null;
		String subject = (leaf != null) ? LogText.escape(leaf.getSubjectX500Principal().getName()) : "(none)";
		String issuer = (leaf != null) ? LogText.escape(leaf.getIssuerX500Principal().getName()) : "(none)";
		String address = (remote != null) ? LogText.escape(remote) : null;
		String detail = LogText.escape(failure.getMessage());
		// Tomcat's JDK engine gives the trust manager no address: such refusals are not capped per source,
		// or one host's invented certificates would hide every other host's.
		String source = (address != null) ? side + '|' + host(address) : null;
		// Without a certificate, the peer is told apart by its host.
		String peer = (leaf != null) ? subject + '|' + issuer : "host " + host(address);
		String key = side + '|' + peer + '|' + reason;
		Instant now = this.clock.instant();
		Instant last = this.lastLogged.get(key);
		boolean quiet = last != null && last.plus(this.period).isAfter(now);
		remember(key, source, side, subject, issuer, leaf, reason, detail, address, now);
		if (quiet || (source != null && !window(source, now).admit())) {
			return false;
		}
		if (this.lastLogged.size() >= MAX_REMEMBERED) {
			this.lastLogged.clear();
		}
		this.lastLogged.put(key, now);
		if (logger.isWarnEnabled()) {
			logger.warn("mTLS %s refused %s certificate%s: subject=\"%s\" issuer=\"%s\" serial=%s reason=%s (%s). %s%s"
				.formatted(side, side.equals("server") ? "client" : "server", (address != null) ? " from " + address : "",
						subject, issuer, (leaf != null) ? leaf.getSerialNumber().toString(16) : "(none)", reason.tag(),
						detail, reason.hint(side, issuer), (source != null && window(source, now).full())
								? " Further refusals from this host are counted but not logged for " + this.period + "."
								: ""));
		}
		return true;
	}

	private SourceWindow window(String source, Instant now) {
		SourceWindow window = this.sources.get(source);
		if (window == null || !window.start().plus(this.period).isAfter(now)) {
			if (this.sources.size() >= MAX_REMEMBERED) {
				this.sources.clear();
			}
			window = new SourceWindow(now, new AtomicInteger());
			this.sources.put(source, window);
		}
		return window;
	}

	private void remember(String key, @Nullable String source, String side, String subject, String issuer,
			@Nullable X509Certificate leaf, RefusalReason reason, @Nullable String detail, @Nullable String remote,
			Instant now) {
		synchronized (this.recent) {
			String entry = key;
			if (source != null && !this.recent.containsKey(key) && listed(source) >= LISTED_PER_SOURCE) {
				entry = source + '|' + MORE + '|' + reason;
				subject = MORE;
				issuer = MORE;
				leaf = null;
			}
			Refusal known = this.recent.get(entry);
			this.recent.put(entry, (known != null) ? known.again(now, remote)
					: new Refusal(side, subject, issuer, (leaf != null) ? leaf.getSerialNumber().toString(16) : "(none)",
							reason.tag(), detail, remote, now, now, 1));
			if (source != null) {
				this.recentSources.put(entry, source);
			}
			if (this.recent.size() > MAX_RECENT) {
				String eldest = this.recent.keySet().iterator().next();
				this.recent.remove(eldest);
				this.recentSources.remove(eldest);
			}
		}
	}

	private long listed(String source) {
		return this.recentSources.values().stream().filter(source::equals).count();
	}

	/**
	 * How many distinct refusals one source host has had logged in the current period.
	 */
	private record SourceWindow(Instant start, AtomicInteger logged) {

		boolean admit() {
			return this.logged.incrementAndGet() <= LOGGED_PER_SOURCE;
		}

		boolean full() {
			return this.logged.get() >= LOGGED_PER_SOURCE;
		}

	}

	/**
	 * Return the most recent distinct refusals, newest first.
	 * @return up to {@value #MAX_RECENT} refusals
	 */
	List<Refusal> recent() {
		synchronized (this.recent) {
			List<Refusal> refusals = new ArrayList<>(this.recent.values());
			Collections.reverse(refusals);
			return refusals;
		}
	}

	private static String host(@Nullable String remote) {
		if (remote == null) {
			return "unknown";
		}
		int port = remote.lastIndexOf(':');
		return (port > 0) ? remote.substring(0, port) : remote;
	}

}
