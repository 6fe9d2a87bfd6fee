package dev.mtls.boot.authorization;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs authorization refusals, audits and anonymous callers as WARN lines, at most once per
 * subject (a peer and a rule, or an anonymous caller's address) in a period, so a client retrying
 * in a loop cannot flood the log. Lines are built only when they are written; what callers
 * control is escaped by the caller of {@link #warn}.
 *
 * @author mtls-spring-boot
 */
final class AuthorizationLog {

	private static final Log logger = LogFactory.getLog(AuthorizationLog.class);

	private static final int MAX_REMEMBERED = 10_000;

	private final Clock clock;

	private final Duration period;

	private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

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
		if (this.lastLogged.size() >= MAX_REMEMBERED) {
			this.lastLogged.clear();
		}
		this.lastLogged.put(subject, now);
		logger.warn(line.get() + " Repeats are counted but not logged for " + this.period + ".");
		return true;
	}

	Instant now() {
		return this.clock.instant();
	}

}
