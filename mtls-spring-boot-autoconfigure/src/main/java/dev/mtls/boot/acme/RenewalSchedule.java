package dev.mtls.boot.acme;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When to renew next: before {@code renew-before}, moved earlier by a random part of a twentieth of
 * the lifetime so that replicas started together do not all order at once; after a failure, a
 * back-off that doubles up to its maximum.
 *
 * @author mtls-spring-boot
 */
final class RenewalSchedule {

	private final RenewBefore renewBefore;

	private final Duration retryInterval;

	private final Duration maxRetryInterval;

	private final DoubleSupplier random;

	RenewalSchedule(RenewBefore renewBefore, Duration retryInterval, Duration maxRetryInterval,
			DoubleSupplier random) {
		this.renewBefore = renewBefore;
		this.retryInterval = retryInterval;
		this.maxRetryInterval = maxRetryInterval;
		this.random = random;
	}

	Instant renewalTime(X509Certificate certificate) {
		Instant notBefore = certificate.getNotBefore().toInstant();
		Instant notAfter = certificate.getNotAfter().toInstant();
		Duration jitter = Duration.between(notBefore, notAfter).dividedBy(20);
		Instant due = this.renewBefore.renewalTime(notBefore, notAfter);
		return due.minusMillis((long) (jitter.toMillis() * this.random.getAsDouble()));
	}

	Duration retryAfter(int failures) {
		Duration wait = this.retryInterval;
		for (int i = 1; i < failures && wait.compareTo(this.maxRetryInterval) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxRetryInterval) > 0) ? this.maxRetryInterval : wait;
	}

}
