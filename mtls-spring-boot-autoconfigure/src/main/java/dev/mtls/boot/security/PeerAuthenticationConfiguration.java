package dev.mtls.boot.security;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stack-neutral part of peer authentication, shared by the servlet and reactive
 * auto-configurations: principal and grants, authentication events, the management port.
 *
 * @author mtls-spring-boot
 */
@Configuration(proxyBeanMethods = false)
class PeerAuthenticationConfiguration {

	@Bean
	PeerAuthenticator mtlsPeerAuthenticator(MtlsProperties properties, ObjectProvider<MtlsMaterial> material,
			ObjectProvider<PeerAuthenticationListener> listeners) {
		return new PeerAuthenticator(properties.getPrincipal(), Grants.of(properties.getGrants()),
				material.getIfAvailable(), listeners.orderedStream().toList());
	}

	@Bean
	PeerAuthenticationEvents mtlsPeerAuthenticationEvents(ApplicationEventPublisher publisher) {
		return new PeerAuthenticationEvents(publisher);
	}

	@Bean
	ManagementPort mtlsManagementPort() {
		return new ManagementPort();
	}

}
