package dev.mtls.benchmarks.apps.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;

/**
 * Benchmark app: a WebFlux app on Reactor Netty served three ways with the same dependencies (the starter
 * is on the class path in each): {@code --spring.profiles.active=starter} (mTLS by the starter),
 * {@code usual} (mTLS wired by hand: SSL bundle, client-auth, Security's x509) or {@code plain}
 * (server-only TLS). With {@code -Dbench.startup-steps=true} it records its start-up steps.
 */
@SpringBootApplication
public class ReactiveApp {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReactiveApp.class);
		if (StartupSteps.ENABLED) {
			application.setApplicationStartup(new BufferingApplicationStartup(20_000));
			application.addListeners(new StartupSteps());
		}
		application.run(args);
	}

}
