package dev.mtls.boot.testing;

import java.util.List;
import java.util.Map;

import dev.mtls.boot.security.MtlsHttpSecurity;
import dev.mtls.boot.security.MtlsServerHttpSecurity;
import dev.mtls.boot.security.PeerPrincipal;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tiny application for handshake tests, identical on Spring MVC and WebFlux. With
 * {@code test.custom-chain=true} it brings its own security chain, built with the one-call
 * {@link MtlsHttpSecurity} / {@link MtlsServerHttpSecurity}, where {@code /admin} needs
 * {@code SCOPE_admin} and a separate management port is open.
 */
@SpringBootConfiguration
// Data clients are on the test class path for their own tests; the peer talks to no database.
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@Import({ PeerApplication.Endpoints.class, PeerApplication.ServletChain.class, PeerApplication.ReactiveChain.class,
		PeerApplication.Audit.class })
public class PeerApplication {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("test.audit")
	static class Audit {

		@Bean
		InMemoryAuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

	}

	@RestController
	static class Endpoints {

		// Callers without a certificate reach it where mtls.authorization.anonymous serves them.
		@GetMapping("/whoami")
		Map<String, Object> whoami(Authentication authentication) {
			if (authentication == null) {
				return Map.of("principal", "anonymous", "authorities", List.of());
			}
			return Map.of("principal", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			return "order " + id;
		}

		@PostMapping("/orders")
		String placeOrder() {
			return "placed";
		}

		@GetMapping("/peer")
		String peer(@AuthenticationPrincipal PeerPrincipal peer) {
			return peer.getName() + " " + peer.certificate().getSerialNumber().toString(16);
		}

		@GetMapping("/admin")
		String admin() {
			return "admin";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnBooleanProperty("test.custom-chain")
	static class ServletChain {

		@Bean
		SecurityFilterChain testChain(HttpSecurity http, MtlsHttpSecurity mtls) {
			mtls.configure(http);
			http.authorizeHttpRequests((requests) -> requests.requestMatchers(mtls.managementPort())
				.permitAll()
				.requestMatchers("/admin")
				.hasAuthority("SCOPE_admin")
				.anyRequest()
				.authenticated());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnBooleanProperty("test.custom-chain")
	static class ReactiveChain {

		@Bean
		SecurityWebFilterChain testChain(ServerHttpSecurity http, MtlsServerHttpSecurity mtls) {
			mtls.configure(http);
			http.authorizeExchange((exchanges) -> exchanges.matchers(mtls.managementPort())
				.permitAll()
				.pathMatchers("/admin")
				.hasAuthority("SCOPE_admin")
				.anyExchange()
				.authenticated());
			return http.build();
		}

	}

}
