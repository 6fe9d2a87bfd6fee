package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import dev.mtls.boot.core.ChainCheck;
import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.core.PrincipalMode;
import dev.mtls.boot.proxy.ForwardedCertificateListener;
import dev.mtls.boot.proxy.ForwardedCertificates;
import dev.mtls.boot.proxy.MtlsProxyProperties;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;

/**
 * The stack-neutral part of peer authentication, shared by the servlet and reactive
 * auto-configurations: principal and grants (unless the application declares its own
 * {@link X509PrincipalExtractor} or {@link PeerGrantResolver}), authentication events, the
 * management port, certificates forwarded by trusted proxies.
 *
 * @author mtls-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MtlsProxyProperties.class)
class PeerAuthenticationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	X509PrincipalExtractor mtlsPrincipalExtractor(MtlsProperties properties) {
		return new PrincipalModeExtractor(properties.getPrincipal());
	}

	@Bean
	@ConditionalOnMissingBean
	PeerGrantResolver mtlsPeerGrantResolver(MtlsProperties properties) {
		return Grants.of(properties.getGrants());
	}

	@Bean
	PeerAuthenticator mtlsPeerAuthenticator(MtlsProperties properties, X509PrincipalExtractor principals,
			PeerGrantResolver grants, ObjectProvider<MtlsMaterial> material,
			ObjectProvider<PeerAuthenticationListener> listeners, ObjectProvider<ChainCheck> checks) {
		requireGrantsApplied(properties, grants);
		MtlsMaterial inService = material.getIfAvailable();
		return new PeerAuthenticator(principals, grants, inService, listeners.orderedStream().toList(),
				checks.orderedStream().toList(), clock(inService));
	}

	// Grants the application's own resolver replaced would be ignored without a word.
	private static void requireGrantsApplied(MtlsProperties properties, PeerGrantResolver grants) {
		if (!(grants instanceof Grants) && !properties.getGrants().isEmpty()) {
			throw ConfigurationProblem.of("mtls.grants is set, but the application's PeerGrantResolver bean ("
					+ grants.getClass().getName() + ") decides what peers are granted, so mtls.grants would never apply.",
					"Remove mtls.grants, or grant those authorities in your PeerGrantResolver.");
		}
	}

	private static Clock clock(@Nullable MtlsMaterial material) {
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
	// is no trusted proxy. Never by the application's X509PrincipalExtractor, which may read the
	// subject (Spring Security's own do) that a CA may let any requester choose.
	private static @Nullable String proxyName(PrincipalMode mode, X509Certificate certificate) {
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
