package dev.mtls.benchmarks.apps.reactive;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * Benchmark baseline security: Spring Security's stock reactive X.509 support for the
 * {@code usual} profile, and a permit-all chain for the {@code plain} profile. Everything else
 * keeps Spring Security's defaults.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Profile("usual")
	SecurityWebFilterChain mtlsSecurityWebFilterChain(ServerHttpSecurity http) {
		return http.x509(withDefaults())
			.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.build();
	}

	@Bean
	@Profile("usual")
	ReactiveUserDetailsService userDetailsService() {
		return (username) -> Mono
			.just(User.withUsername(username).password("{noop}").authorities("ROLE_USER").build());
	}

	// The plain TLS baseline is set up like the starter's chain for services (no CSRF, no request
	// cache, no session-backed security context), so the difference measured is mTLS itself.
	@Bean
	@Profile("plain")
	SecurityWebFilterChain plainSecurityWebFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.build();
	}

}
