package dev.mtls.boot.core;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each refused peer certificate as one WARN line with the peer's address, subject, issuer,
 * serial, the reason and a hint for the fix, at most once per peer and reason in a period, so a
 * misconfigured client retrying in a loop cannot flood the log. Peers choose their certificates,
 * so everything they control is escaped ({@link LogText}), and one source host gets at most a few
 * lines and a few entries of the endpoint's list per period however many certificates it makes up:
 * beyond that its refusals are counted in one entry, and other peers' refusals stay visible.
 *
 * @author mtls-spring-boot
 */
final class RefusalLog {

	private static final Log logger = LogFactory.getLog(RefusalLog.class);

	private static final int MAX_REMEMBERED = 10_000;

	private static final int MAX_RECENT = 50;

	/**
	 * Distinct refusals one source host may log, and hold in the recent list, per period.
	 */
	static final int MAX_PER_SOURCE = 5;

	private static final String MORE = "(more distinct certificates from this host)";

	private final Clock clock;

	private final Duration period;

	private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

	private final Map<String, SourceWindow> sources = new ConcurrentHashMap<>();

	// The most recent distinct refusals, for the mtls endpoint; the least recently seen go first.
	private final Map<String, Refusal> recent = new LinkedHashMap<>(16, 0.75f, true);

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
	boolean refused(String side, RefusalReason reason, X509Certificate[] chain, String remote, Throwable failure) {
		X509Certificate leaf = (chain != null && chain.length > 0) ? chain[0] : null;
		String subject = (leaf != null) ? LogText.escape(leaf.getSubjectX500Principal().getName()) : "(none)";
		String issuer = (leaf != null) ? LogText.escape(leaf.getIssuerX500Principal().getName()) : "(none)";
		String address = (remote != null) ? LogText.escape(remote) : null;
		String detail = LogText.escape(failure.getMessage());
		String source = side + '|' + host(address);
		// Without a certificate, the peer is told apart by its host.
		String peer = (leaf != null) ? subject + '|' + issuer : "host " + host(address);
		String key = side + '|' + peer + '|' + reason;
		Instant now = this.clock.instant();
		Instant last = this.lastLogged.get(key);
		boolean quiet = last != null && last.plus(this.period).isAfter(now);
		if (!quiet && !window(source, now).admit()) {
			remember(source + '|' + MORE + '|' + reason, side, MORE, MORE, null, reason, detail, address, now);
			return false;
		}
		remember(key, side, subject, issuer, leaf, reason, detail, address, now);
		if (quiet) {
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
						detail, reason.hint(side, issuer), window(source, now).full()
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

	private void remember(String key, String side, String subject, String issuer, X509Certificate leaf,
			RefusalReason reason, String detail, String remote, Instant now) {
		synchronized (this.recent) {
			Refusal known = this.recent.get(key);
			this.recent.put(key, (known != null) ? known.again(now, remote)
					: new Refusal(side, subject, issuer, (leaf != null) ? leaf.getSerialNumber().toString(16) : "(none)",
							reason.tag(), detail, remote, now, now, 1));
			if (this.recent.size() > MAX_RECENT) {
				this.recent.remove(this.recent.keySet().iterator().next());
			}
		}
	}

	/**
	 * How many distinct refusals one source host has had logged in the current period.
	 */
	private record SourceWindow(Instant start, AtomicInteger logged) {

		boolean admit() {
			return this.logged.incrementAndGet() <= MAX_PER_SOURCE;
		}

		boolean full() {
			return this.logged.get() >= MAX_PER_SOURCE;
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

	private static String host(String remote) {
		if (remote == null) {
			return "unknown";
		}
		int port = remote.lastIndexOf(':');
		return (port > 0) ? remote.substring(0, port) : remote;
	}

}
