package dev.mtls.samples.inventory;

import dev.mtls.boot.security.MtlsHttpSecurity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Inventory: Spring MVC on Tomcat, calls out with RestClient, and serves a gRPC service on the same
 * certificates. Shows an application's own security chain with mTLS peer authentication added by
 * one call, and method security on what the gRPC service reads.
 */
@SpringBootApplication
@EnableMethodSecurity
public class InventoryServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(InventoryServiceApplication.class, args);
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, MtlsHttpSecurity mtls) {
		mtls.configure(http);
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(mtls.managementPort())
			.permitAll()
			.requestMatchers("/inventory/**")
			.hasAuthority("SCOPE_inventory:read")
			.anyRequest()
			.authenticated());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
