package dev.mtls.boot.metrics;

import java.security.cert.X509Certificate;

import dev.mtls.boot.security.PeerAuthentication;
import dev.mtls.boot.security.PeerAuthenticationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.security.core.AuthenticationException;

/**
 * Counts peer authentications as {@code mtls.authentications} by outcome; with
 * {@code mtls.metrics.peer-tags}, successes also by peer.
 *
 * @author mtls-spring-boot
 */
final class AuthenticationMetrics implements PeerAuthenticationListener {

	static final String AUTHENTICATIONS = "mtls.authentications";

	private final MeterRegistry registry;

	private final boolean peerTags;

	private final Counter success;

	private final Counter failure;

	AuthenticationMetrics(MeterRegistry registry, boolean peerTags) {
		this.registry = registry;
		this.peerTags = peerTags;
		this.success = counter("success").register(registry);
		this.failure = counter("failure").register(registry);
	}

	@Override
	public void authenticated(PeerAuthentication authentication, boolean firstForCertificate) {
		if (this.peerTags) {
			counter("success").tag("peer", authentication.getName()).register(this.registry).increment();
		}
		else {
			this.success.increment();
		}
	}

	@Override
	public void failed(X509Certificate[] chain, AuthenticationException failure) {
		this.failure.increment();
	}

	private static Counter.Builder counter(String outcome) {
		return Counter.builder(AUTHENTICATIONS)
			.description("Requests authenticated (or refused) from their peer certificate")
			.tag("outcome", outcome);
	}

}
