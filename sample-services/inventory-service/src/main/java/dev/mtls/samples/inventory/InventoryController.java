package dev.mtls.samples.inventory;

import java.util.List;
import java.util.Map;

import dev.mtls.boot.security.PeerPrincipal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The inventory endpoints: who is calling, a tiny hello for benchmarks, a call to the upstream
 * service with this service's own identity, and stock levels.
 */
@RestController
class InventoryController {

	private static final Map<String, Integer> STOCK = Map.of("apple", 42, "pear", 7, "plum", 0);

	private final RestClient upstream;

	InventoryController(RestClient.Builder builder, @Value("${sample.upstream-url}") String upstreamUrl) {
		this.upstream = builder.baseUrl(upstreamUrl).build();
	}

	// A caller without a certificate is "anonymous" where mtls.authorization.anonymous serves it.
	@GetMapping("/whoami")
	Map<String, Object> whoami(Authentication authentication) {
		if (authentication == null) {
			return Map.of("principal", "anonymous", "authorities", List.of());
		}
		return Map.of("principal", authentication.getName(), "authorities",
				authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
	}

	@GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
	String hello(@AuthenticationPrincipal PeerPrincipal peer) {
		return "hello " + ((peer != null) ? peer.getName() : "anonymous");
	}

	@GetMapping(path = "/upstream/whoami", produces = MediaType.APPLICATION_JSON_VALUE)
	String upstreamWhoami() {
		return this.upstream.get().uri("/whoami").retrieve().body(String.class);
	}

	@GetMapping("/inventory/{sku}")
	ResponseEntity<Map<String, Object>> stock(@PathVariable String sku) {
		Integer available = STOCK.get(sku);
		if (available == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok(Map.of("sku", sku, "available", available));
	}

}
