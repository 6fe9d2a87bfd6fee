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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each refused peer certificate as one WARN line with the peer's address, subject, issuer,
 * serial, the reason and a hint for the fix, at most once per peer and reason in a period, so a
 * misconfigured client retrying in a loop cannot flood the log.
 *
 * @author mtls-spring-boot
 */
final class RefusalLog {

	private static final Log logger = LogFactory.getLog(RefusalLog.class);

	private static final int MAX_REMEMBERED = 10_000;

	private static final int MAX_RECENT = 50;

	private final Clock clock;

	private final Duration period;

	private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

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
		String subject = (leaf != null) ? leaf.getSubjectX500Principal().getName() : "(none)";
		String issuer = (leaf != null) ? leaf.getIssuerX500Principal().getName() : "(none)";
		// Without a certificate, the peer is told apart by its host.
		String peer = (leaf != null) ? subject + '|' + issuer : "host " + host(remote);
		String key = side + '|' + peer + '|' + reason;
		Instant now = this.clock.instant();
		remember(key, side, subject, issuer, leaf, reason, failure, remote, now);
		Instant last = this.lastLogged.get(key);
		if (last != null && last.plus(this.period).isAfter(now)) {
			return false;
		}
		if (this.lastLogged.size() >= MAX_REMEMBERED) {
			this.lastLogged.clear();
		}
		this.lastLogged.put(key, now);
		if (logger.isWarnEnabled()) {
			logger.warn("mTLS %s refused %s certificate%s: subject=\"%s\" issuer=\"%s\" serial=%s reason=%s (%s). %s"
				.formatted(side, side.equals("server") ? "client" : "server", (remote != null) ? " from " + remote : "",
						subject, issuer, (leaf != null) ? leaf.getSerialNumber().toString(16) : "(none)", reason.tag(),
						failure.getMessage(), reason.hint(side, issuer)));
		}
		return true;
	}

	private void remember(String key, String side, String subject, String issuer, X509Certificate leaf,
			RefusalReason reason, Throwable failure, String remote, Instant now) {
		synchronized (this.recent) {
			Refusal known = this.recent.get(key);
			this.recent.put(key, (known != null) ? known.again(now, remote)
					: new Refusal(side, subject, issuer, (leaf != null) ? leaf.getSerialNumber().toString(16) : "(none)",
							reason.tag(), failure.getMessage(), remote, now, now, 1));
			if (this.recent.size() > MAX_RECENT) {
				this.recent.remove(this.recent.keySet().iterator().next());
			}
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
