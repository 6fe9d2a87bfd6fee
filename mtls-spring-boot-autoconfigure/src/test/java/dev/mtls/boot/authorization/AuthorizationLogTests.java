package dev.mtls.boot.authorization;

import java.time.Duration;
import java.time.Instant;

import dev.mtls.boot.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WARN lines are limited per subject and in all, so neither a retrying client nor callers inventing
 * subjects flood the log.
 */
class AuthorizationLogTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));

	private final AuthorizationLog log = new AuthorizationLog(this.clock, Duration.ofMinutes(5));

	@Test
	void aSubjectIsLoggedOncePerPeriod() {
		assertThat(this.log.warn("peer|rule", () -> "refused")).isTrue();
		assertThat(this.log.warn("peer|rule", () -> "refused")).isFalse();
		assertThat(this.log.warn("other|rule", () -> "refused")).isTrue();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.log.warn("peer|rule", () -> "refused")).isTrue();
	}

	@Test
	void inventedSubjectsGetNoMoreThanTheLimitOfLinesAPeriod() {
		int logged = 0;
		for (int i = 0; i < 1_000; i++) {
			if (this.log.warn("anonymous|192.0.2." + i, () -> "served")) {
				logged++;
			}
		}
		assertThat(logged).isEqualTo(AuthorizationLog.MAX_LINES);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.log.warn("anonymous|10.0.0.1", () -> "served")).isTrue();
	}

}
