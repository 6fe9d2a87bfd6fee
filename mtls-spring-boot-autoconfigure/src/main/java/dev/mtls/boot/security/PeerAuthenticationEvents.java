package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.AuthenticationException;

/**
 * Publishes Spring Security's authentication events for peers, which Spring Boot turns into
 * {@code AUTHENTICATION_SUCCESS} / {@code AUTHENTICATION_FAILURE} audit events when an
 * {@code AuditEventRepository} exists. Success is published once per certificate (and again after
 * the material changed), not for every request of a kept-alive connection.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthenticationEvents implements PeerAuthenticationListener {

	private final ApplicationEventPublisher publisher;

	PeerAuthenticationEvents(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void authenticated(PeerAuthentication authentication, boolean firstForCertificate) {
		if (firstForCertificate) {
			this.publisher.publishEvent(new AuthenticationSuccessEvent(authentication));
		}
	}

	@Override
	public void failed(X509Certificate[] chain, AuthenticationException failure) {
		this.publisher.publishEvent(new AuthenticationFailureBadCredentialsEvent(new PeerCertificateToken(chain), failure));
	}

}
