package dev.mtls.boot.authorization;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs authorization refusals, audits and anonymous callers as WARN lines, at most once per
 * subject (a peer and a rule, or an anonymous caller's address) in a period, so a client retrying
 * in a loop cannot flood the log, and at most {@value #MAX_LINES} lines a period in all, so callers
 * inventing subjects cannot either. Lines are built only when they are written; what callers
 * control is escaped by the caller of {@link #warn}.
 *
 * @author mtls-spring-boot
 */
final class AuthorizationLog {

	private static final Log logger = LogFactory.getLog(AuthorizationLog.class);

	private static final int MAX_REMEMBERED = 10_000;

	static final int MAX_LINES = 100;

	private final Clock clock;

	private final Duration period;

	private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

	private @Nullable Instant windowStart;

	private int lines;

	private long suppressed;

	AuthorizationLog(Clock clock, Duration period) {
		this.clock = clock;
		this.period = period;
	}

	boolean warn(String subject, Supplier<String> line) {
		if (!logger.isWarnEnabled()) {
			return false;
		}
		Instant now = this.clock.instant();
		Instant last = this.lastLogged.get(subject);
		if (last != null && last.plus(this.period).isAfter(now)) {
			return false;
		}
		if (!admit(now)) {
			return false;
		}
		if (this.lastLogged.size() >= MAX_REMEMBERED) {
			this.lastLogged.clear();
		}
		this.lastLogged.put(subject, now);
		logger.warn(line.get() + " Repeats are counted but not logged for " + this.period + ".");
		return true;
	}

	// At most MAX_LINES lines a period whatever the subjects: callers that rotate addresses (or
	// principals) would otherwise get one line each. What was held back is said once the period ends.
	private synchronized boolean admit(Instant now) {
		if (this.windowStart == null || !this.windowStart.plus(this.period).isAfter(now)) {
			if (this.suppressed > 0) {
				logger.warn("mTLS authorization: %d more line(s) were not logged in the last %s (at most %d a period); "
					.formatted(this.suppressed, this.period, MAX_LINES) + "the counts in metrics and /actuator/mtls are complete.");
			}
			this.windowStart = now;
			this.lines = 0;
			this.suppressed = 0;
		}
		if (this.lines >= MAX_LINES) {
			this.suppressed++;
			return false;
		}
		this.lines++;
		return true;
	}

	Instant now() {
		return this.clock.instant();
	}

}
