package dev.mtls.boot.acme;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code renew-before} is a share of the lifetime or a duration before expiry, and never renews all
 * the time.
 */
class RenewBeforeTests {

	private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(90));

	@Test
	void aShareRenewsThatShareOfTheLifetimeBeforeExpiry() {
		assertThat(RenewBefore.valueOf("33%").renewalTime(NOT_BEFORE, NOT_AFTER))
			.isEqualTo(NOT_AFTER.minus(Duration.ofDays(90).multipliedBy(33).dividedBy(100)));
	}

	@Test
	void aDurationRenewsThatLongBeforeExpiry() {
		assertThat(RenewBefore.valueOf("8h").renewalTime(NOT_BEFORE, NOT_AFTER)).isEqualTo(NOT_AFTER.minusSeconds(8 * 3600));
		assertThat(RenewBefore.valueOf("P30D").renewalTime(NOT_BEFORE, NOT_AFTER)).isEqualTo(NOT_AFTER.minus(Duration.ofDays(30)));
	}

	@Test
	void aDurationAsLongAsTheLifetimeRenewsWhenAThirdIsLeft() {
		assertThat(RenewBefore.valueOf("120d").renewalTime(NOT_BEFORE, NOT_AFTER)).isEqualTo(NOT_AFTER.minus(Duration.ofDays(30)));
	}

	@Test
	void refusesWhatIsNeitherAShareNorAPositiveDuration() {
		for (String value : new String[] { "0%", "100%", "33.5%", "x%", "-1h", "0s", "soon" }) {
			assertThatIllegalArgumentException().as(value)
				.isThrownBy(() -> RenewBefore.valueOf(value))
				.withMessage("'" + value + "' is neither a share of the certificate's lifetime from 1% to 99% "
						+ "(such as 33%) nor a positive duration (such as 8h)");
		}
	}

	@Test
	void printsAsWritten() {
		assertThat(RenewBefore.valueOf(" 33% ")).hasToString("33%").isEqualTo(RenewBefore.DEFAULT);
	}

}
