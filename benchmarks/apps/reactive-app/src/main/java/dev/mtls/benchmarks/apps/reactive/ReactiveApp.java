package dev.mtls.benchmarks.apps.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;

/**
 * Benchmark baseline: a WebFlux app on Reactor Netty with mTLS wired by hand, without the
 * starter. Run it with {@code --spring.profiles.active=usual} (mTLS) or {@code plain}
 * (server-only TLS).
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
