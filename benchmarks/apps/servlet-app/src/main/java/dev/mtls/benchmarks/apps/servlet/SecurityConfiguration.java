package dev.mtls.benchmarks.apps.servlet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Benchmark baseline security: Spring Security's stock X.509 support for the {@code usual}
 * profile, and a permit-all chain for the {@code plain} profile. Everything else keeps
 * Spring Security's defaults.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Profile("usual")
	@SuppressWarnings("deprecation") // the documented call; Security 7.1 prefers x509PrincipalExtractor
	SecurityFilterChain mtlsSecurityFilterChain(HttpSecurity http) {
		http.x509((x509) -> x509.subjectPrincipalRegex("CN=(.*?)(?:,|$)"))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

	@Bean
	@Profile("usual")
	UserDetailsService userDetailsService() {
		return (username) -> User.withUsername(username).password("{noop}").authorities("ROLE_USER").build();
	}

	// The plain TLS baseline is set up like the starter's chain for services (stateless, no CSRF,
	// no request cache), so the difference measured is mTLS itself.
	@Bean
	@Profile("plain")
	SecurityFilterChain plainSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
