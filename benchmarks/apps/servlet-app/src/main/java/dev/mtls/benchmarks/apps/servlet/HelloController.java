package dev.mtls.benchmarks.apps.servlet;

import java.security.Principal;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark baseline endpoint: greets the authenticated principal, or {@code anonymous}.
 */
@RestController
class HelloController {

	@GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
	String hello(Principal principal) {
		return "hello " + ((principal != null) ? principal.getName() : "anonymous");
	}

}
