package dev.mtls.benchmarks.apps.reactive;

import java.security.Principal;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark baseline endpoint: greets the authenticated principal, or {@code anonymous}.
 */
@RestController
class HelloController {

	@GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
	Mono<String> hello(Mono<Principal> principal) {
		return principal.map(Principal::getName).defaultIfEmpty("anonymous").map((name) -> "hello " + name);
	}

}
