package dev.mtls.benchmarks.apps.servlet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Benchmark baseline: a Spring MVC app on Tomcat with mTLS wired by hand, without the starter.
 * Run it with {@code --spring.profiles.active=usual} (mTLS) or {@code plain} (server-only TLS).
 */
@SpringBootApplication
public class ServletApp {

	public static void main(String[] args) {
		SpringApplication.run(ServletApp.class, args);
	}

}
