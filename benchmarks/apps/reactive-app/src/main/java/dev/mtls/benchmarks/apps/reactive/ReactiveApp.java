package dev.mtls.benchmarks.apps.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Benchmark baseline: a WebFlux app on Reactor Netty with mTLS wired by hand, without the
 * starter. Run it with {@code --spring.profiles.active=usual} (mTLS) or {@code plain}
 * (server-only TLS).
 */
@SpringBootApplication
public class ReactiveApp {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveApp.class, args);
	}

}
