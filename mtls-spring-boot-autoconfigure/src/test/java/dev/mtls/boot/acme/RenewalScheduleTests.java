package dev.mtls.boot.acme;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.mtls.boot.devca.CertificateBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewals start up to a twentieth of the lifetime before they are due, and failed ones are retried
 * with a back-off that doubles up to its maximum.
 */
class RenewalScheduleTests {

	private final Instant notBefore = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

	private final X509Certificate certificate = new CertificateBuilder().subject("CN=inventory.shop")
		.validity(this.notBefore, this.notBefore.plus(Duration.ofDays(100)))
		.issue()
		.certificate();

	@Test
	void renewsWhenDueWithoutJitter() {
		assertThat(schedule(0).renewalTime(this.certificate)).isEqualTo(this.notBefore.plus(Duration.ofDays(67)));
	}

	@Test
	void jitterMovesTheRenewalEarlierByAtMostATwentiethOfTheLifetime() {
		assertThat(schedule(0.999999).renewalTime(this.certificate))
			.isAfter(this.notBefore.plus(Duration.ofDays(62)))
			.isBefore(this.notBefore.plus(Duration.ofDays(67)));
	}

	@Test
	void backOffDoublesUpToItsMaximum() {
		RenewalSchedule schedule = schedule(0);
		assertThat(schedule.retryAfter(1)).isEqualTo(Duration.ofMinutes(1));
		assertThat(schedule.retryAfter(2)).isEqualTo(Duration.ofMinutes(2));
		assertThat(schedule.retryAfter(4)).isEqualTo(Duration.ofMinutes(8));
		assertThat(schedule.retryAfter(7)).isEqualTo(Duration.ofHours(1));
		assertThat(schedule.retryAfter(1000)).isEqualTo(Duration.ofHours(1));
	}

	private static RenewalSchedule schedule(double random) {
		return new RenewalSchedule(RenewBefore.valueOf("33%"), Duration.ofMinutes(1), Duration.ofHours(1), () -> random);
	}

}
