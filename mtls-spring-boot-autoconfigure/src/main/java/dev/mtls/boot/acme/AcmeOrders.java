package dev.mtls.boot.acme;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mtls.boot.acme.AcmeStorage.StoredCertificate;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.AcmeProvider;

/**
 * Orders a certificate for the configured domains with acme4j: the account (created on first use
 * from the stored account key), the order, one challenge per domain answered by a
 * {@link ChallengeResponder} that listens only while the order is open, then the certificate for a
 * fresh key.
 *
 * @author mtls-spring-boot
 */
final class AcmeOrders implements CertificateOrder {

	private final MtlsAcmeProperties properties;

	private final AcmeProvider provider;

	private final AcmeStorage storage;

	AcmeOrders(MtlsAcmeProperties properties, AcmeProvider provider, AcmeStorage storage) {
		this.properties = properties;
		this.provider = provider;
		this.storage = storage;
	}

	@Override
	public StoredCertificate order(Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		try {
			Session session = new Session(URI.create(this.properties.getDirectory()), this.provider);
			Account account = account(session);
			Order order = account.newOrder().domains(this.properties.getDomains()).create();
			try (ChallengeResponder responder = ChallengeResponder.start(this.properties)) {
				for (Authorization authorization : order.getAuthorizations()) {
					authorize(authorization, responder, deadline);
				}
				Status ready = order.waitUntilReady(remaining(deadline));
				if (ready != Status.READY && ready != Status.VALID) {
					throw new AcmeOrderException("the order is " + ready + describe(order.getError().orElse(null)));
				}
			}
			// A fresh key for every certificate, as cert-manager's rotationPolicy: Always.
			KeyPair key = AcmeStorage.newKeyPair();
			order.execute(key);
			Status status = order.waitForCompletion(remaining(deadline));
			if (status != Status.VALID) {
				throw new AcmeOrderException(
						"the order is " + status + " after finalizing" + describe(order.getError().orElse(null)));
			}
			return new StoredCertificate(order.getCertificate().getCertificateChain(), key);
		}
		catch (AcmeException ex) {
			throw new AcmeOrderException(reason(ex), ex);
		}
	}

	private Account account(Session session) throws AcmeException {
		URI terms = session.getMetadata().getTermsOfService().orElse(null);
		if (terms != null && !this.properties.isAcceptTermsOfService()) {
			throw new AcmeOrderException("the CA asks to agree to its terms of service (" + terms
					+ "); set mtls.identity.acme.accept-terms-of-service=true once you have read them");
		}
		AccountBuilder builder = new AccountBuilder().useKeyPair(this.storage.accountKey());
		this.properties.getContact().forEach(builder::addContact);
		if (terms != null) {
			builder.agreeToTermsOfService();
		}
		return builder.create(session);
	}

	private void authorize(Authorization authorization, ChallengeResponder responder, Instant deadline)
			throws AcmeException, InterruptedException {
		if (authorization.getStatus() == Status.VALID) {
			return;
		}
		Challenge challenge = responder.prepare(authorization);
		challenge.trigger();
		Status status = challenge.waitForCompletion(remaining(deadline));
		if (status != Status.VALID) {
			throw new AcmeOrderException("the " + challenge.getType() + " challenge for "
					+ authorization.getIdentifier().getDomain() + " is " + status
					+ describe(challenge.getError().orElse(null)));
		}
	}

	// acme4j's network errors say only "Network error"; the first cause that says more is added.
	private static @Nullable String reason(Throwable ex) {
		Throwable detail = ex.getCause();
		while (detail != null && detail.getMessage() == null && detail.getCause() != null) {
			detail = detail.getCause();
		}
		if (detail == null) {
			return ex.getMessage();
		}
		return ex.getMessage() + " (" + detail.getClass().getSimpleName()
				+ ((detail.getMessage() != null) ? ": " + detail.getMessage() : "") + ")";
	}

	private static Duration remaining(Instant deadline) {
		Duration remaining = Duration.between(Instant.now(), deadline);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	private static String describe(@Nullable Problem problem) {
		if (problem == null) {
			return "";
		}
		String detail = problem.getDetail().orElse(problem.getType().toString());
		List<Problem> sub = problem.getSubProblems();
		return ": " + detail + (sub.isEmpty() ? "" : " " + sub.stream().map(Problem::toString).toList());
	}

	/**
	 * The CA refused the order, a challenge failed, or the CA did not answer.
	 */
	static final class AcmeOrderException extends RuntimeException {

		AcmeOrderException(String message) {
			super(message);
		}

		AcmeOrderException(@Nullable String message, Throwable cause) {
			super(message, cause);
		}

	}

}
