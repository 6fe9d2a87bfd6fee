package dev.mtls.boot.acme;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;

/**
 * Answers one kind of challenge while an order is open: http-01 ({@link HttpChallengeResponder}) or
 * tls-alpn-01 ({@link TlsAlpnChallengeResponder}). Each listens on its own port, never on the
 * application's mTLS port, and only until the order's challenges are done.
 *
 * @author mtls-spring-boot
 */
interface ChallengeResponder extends AutoCloseable {

	/**
	 * Prepare the answer to the authorization's challenge of this kind.
	 * @param authorization the CA's authorization of one domain
	 * @return the challenge to trigger
	 * @throws AcmeOrders.AcmeOrderException if the CA offers no challenge of this kind
	 */
	Challenge prepare(Authorization authorization);

	static ChallengeResponder start(MtlsAcmeProperties properties) {
		return switch (properties.getChallenge()) {
			case HTTP_01 -> HttpChallengeResponder.start(properties.getHttpPort());
			case TLS_ALPN_01 -> TlsAlpnChallengeResponder.start(properties.getTlsPort());
		};
	}

	@Override
	void close();

}
