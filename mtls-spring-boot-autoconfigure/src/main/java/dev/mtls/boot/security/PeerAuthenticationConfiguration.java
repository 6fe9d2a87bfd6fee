package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import dev.mtls.boot.core.ChainCheck;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.core.PrincipalMode;
import dev.mtls.boot.proxy.ForwardedCertificateListener;
import dev.mtls.boot.proxy.ForwardedCertificates;
import dev.mtls.boot.proxy.MtlsProxyProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stack-neutral part of peer authentication, shared by the servlet and reactive
 * auto-configurations: principal and grants, authentication events, the management port,
 * certificates forwarded by trusted proxies.
 *
 * @author mtls-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MtlsProxyProperties.class)
class PeerAuthenticationConfiguration {

	@Bean
	PeerAuthenticator mtlsPeerAuthenticator(MtlsProperties properties, ObjectProvider<MtlsMaterial> material,
			ObjectProvider<PeerAuthenticationListener> listeners, ObjectProvider<ChainCheck> checks) {
		MtlsMaterial inService = material.getIfAvailable();
		return new PeerAuthenticator(properties.getPrincipal(), Grants.of(properties.getGrants()), inService,
				listeners.orderedStream().toList(), checks.orderedStream().toList(), clock(inService));
	}

	private static Clock clock(MtlsMaterial material) {
		return (material != null) ? material.clock() : Clock.systemUTC();
	}

	@Bean
	@ConditionalOnBooleanProperty("mtls.proxy.enabled")
	ForwardedCertificates mtlsForwardedCertificates(MtlsProperties properties, MtlsProxyProperties proxy,
			ObjectProvider<MtlsMaterial> material, ObjectProvider<ForwardedCertificateListener> listeners) {
		PrincipalMode mode = properties.getPrincipal();
		ForwardedCertificates.requireProxyPeersFromSans(mode, proxy);
		MtlsMaterial inService = material.getIfAvailable();
		return new ForwardedCertificates(proxy, inService != null && inService.trust().isConfigured(),
				(certificate) -> proxyName(mode, certificate), listeners.orderedStream().toList(),
				clock(inService), Duration.ofMinutes(5));
	}

	// A proxy is named only from a subject alternative name; a certificate that cannot be named so
	// is no trusted proxy.
	private static String proxyName(PrincipalMode mode, X509Certificate certificate) {
		try {
			return CertificateNames.sanName(mode, certificate);
		}
		catch (CertificateNames.UnacceptableNameException ex) {
			return null;
		}
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
