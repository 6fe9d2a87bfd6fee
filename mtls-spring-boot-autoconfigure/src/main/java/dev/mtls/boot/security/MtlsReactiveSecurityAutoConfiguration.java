package dev.mtls.boot.security;

import dev.mtls.boot.authorization.RequestAuthorization;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.proxy.ForwardedCertificates;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Auto-configuration of Spring Security for reactive applications: the verified peer certificate
 * authenticates each request. Without an application {@link SecurityWebFilterChain}, a default
 * one requires an authenticated peer on every request except on a separate management port.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		beforeName = { "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration" })
@ConditionalOnClass({ EnableWebFluxSecurity.class, SecurityWebFilterChain.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@Import(PeerAuthenticationConfiguration.class)
public final class MtlsReactiveSecurityAutoConfiguration {

	@Bean
	PeerReactiveAuthenticationManager peerReactiveAuthenticationManager(PeerAuthenticator authenticator) {
		return new PeerReactiveAuthenticationManager(authenticator);
	}

	@Bean
	MtlsServerHttpSecurity mtlsServerHttpSecurity(PeerReactiveAuthenticationManager authenticationManager,
			ManagementPort managementPort, ObjectProvider<ForwardedCertificates> forwarded,
			ObjectProvider<RequestAuthorization> authorization) {
		return new MtlsServerHttpSecurity(authenticationManager, managementPort, forwarded.getIfAvailable(),
				authorization.getIfAvailable());
	}

	@Bean
	SmartInitializingSingleton mtlsChainsWithoutRules(ObjectProvider<RequestAuthorization> authorization,
			ListableBeanFactory beans) {
		return () -> authorization.ifAvailable((rules) -> new ChainsWithoutRules<SecurityWebFilterChain>(rules,
				(chain) -> Boolean.TRUE.equals(chain.getWebFilters().any(PeerAuthorizationWebFilter.class::isInstance).block()),
				"MtlsServerHttpSecurity")
			.warn(beans.getBeansOfType(SecurityWebFilterChain.class)));
	}

	@Bean
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	SecurityWebFilterChain mtlsSecurityWebFilterChain(ServerHttpSecurity http, MtlsServerHttpSecurity mtls,
			ObjectProvider<RequestAuthorization> authorization) {
		mtls.configure(http);
		RequestAuthorization rules = authorization.getIfAvailable();
		http.authorizeExchange((exchanges) -> {
			exchanges.matchers(mtls.managementPort()).permitAll();
			// mtls.authorization.anonymous (audit, allow) has decided about callers without a peer already.
			if (rules != null && rules.servesAnonymous()) {
				exchanges.anyExchange().permitAll();
			}
			else {
				exchanges.anyExchange().authenticated();
			}
		});
		// Machine-to-machine: no sessions, no CSRF tokens; every request carries its certificate.
		// Without the no-op repository, every request would look up (and create) a WebSession,
		// a random session id included, only to find no security context in it.
		http.csrf(ServerHttpSecurity.CsrfSpec::disable);
		http.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()));
		http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		return http.build();
	}

}
