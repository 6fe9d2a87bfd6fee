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
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of Spring Security for servlet applications: the verified peer certificate
 * authenticates each request. Without an application {@link SecurityFilterChain}, a default one
 * requires an authenticated peer on every request except on a separate management port.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class,
		beforeName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration" })
@ConditionalOnClass({ EnableWebSecurity.class, SecurityFilterChain.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@Import(PeerAuthenticationConfiguration.class)
public final class MtlsServletSecurityAutoConfiguration {

	@Bean
	MtlsHttpSecurity mtlsHttpSecurity(PeerAuthenticator authenticator, ManagementPort managementPort,
			ObjectProvider<ForwardedCertificates> forwarded, ObjectProvider<RequestAuthorization> authorization) {
		return new MtlsHttpSecurity(authenticator, managementPort, forwarded.getIfAvailable(),
				authorization.getIfAvailable());
	}

	@Bean
	SmartInitializingSingleton mtlsChainsWithoutRules(ObjectProvider<RequestAuthorization> authorization,
			ListableBeanFactory beans) {
		return () -> authorization.ifAvailable((rules) -> new ChainsWithoutRules<SecurityFilterChain>(rules,
				(chain) -> chain.getFilters().stream().anyMatch(PeerAuthorizationFilter.class::isInstance), "MtlsHttpSecurity")
			.warn(beans.getBeansOfType(SecurityFilterChain.class)));
	}

	@Bean
	PeerAuthenticationProvider peerAuthenticationProvider(PeerAuthenticator authenticator) {
		return new PeerAuthenticationProvider(authenticator);
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain mtlsSecurityFilterChain(HttpSecurity http, MtlsHttpSecurity mtls,
			ObjectProvider<RequestAuthorization> authorization) {
		mtls.configure(http);
		RequestAuthorization rules = authorization.getIfAvailable();
		http.authorizeHttpRequests((requests) -> {
			requests.requestMatchers(mtls.managementPort()).permitAll();
			// mtls.authorization.anonymous (audit, allow) has decided about callers without a peer already.
			if (rules != null && rules.servesAnonymous()) {
				requests.anyRequest().permitAll();
			}
			else {
				requests.anyRequest().authenticated();
			}
		});
		// Machine-to-machine: no sessions, no saved requests, no CSRF tokens; every request carries its certificate.
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache((cache) -> cache.disable());
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TomcatWebServerFactory.class)
	static class TomcatConfiguration {

		// Trust decisions need the socket's address and port, which forwarded headers cannot rewrite.
		@Bean
		WebServerFactoryCustomizer<TomcatWebServerFactory> mtlsConnectionAddressesCustomizer() {
			return (factory) -> factory.addEngineValves(new TomcatConnectionValve());
		}

	}

}
