package dev.mtls.samples.orders;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The orders endpoints: who is calling, a tiny hello for benchmarks, a call to the upstream
 * service with this service's own identity, and placing an order after checking stock (over HTTP,
 * or over gRPC).
 */
@RestController
class OrdersController {

	private final WebClient upstream;

	private final InventoryStock inventoryStock;

	OrdersController(WebClient.Builder builder, @Value("${sample.upstream-url}") String upstreamUrl,
			InventoryStock inventoryStock) {
		this.upstream = builder.baseUrl(upstreamUrl).build();
		this.inventoryStock = inventoryStock;
	}

	// A caller without a certificate is "anonymous" where mtls.authorization.anonymous serves it
	// (see the migrate profile in application.yml).
	@GetMapping("/whoami")
	Map<String, Object> whoami(Authentication authentication) {
		if (authentication == null) {
			return Map.of("principal", "anonymous", "authorities", List.of());
		}
		return Map.of("principal", authentication.getName(), "authorities",
				authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
	}

	@GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
	String hello(Authentication authentication) {
		return "hello " + ((authentication != null) ? authentication.getName() : "anonymous");
	}

	@GetMapping(path = "/upstream/whoami", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<String> upstreamWhoami() {
		return this.upstream.get().uri("/whoami").retrieve().bodyToMono(String.class);
	}

	// The same question as GET /inventory/{sku}, asked over gRPC.
	@GetMapping(path = "/orders/grpc/{sku}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<String>> grpcStock(@PathVariable String sku) {
		return this.inventoryStock.stock(sku)
			.map(ResponseEntity::ok)
			.onErrorResume((ex) -> ex instanceof StatusRuntimeException status
					&& status.getStatus().getCode() == Status.Code.NOT_FOUND,
					(ex) -> Mono.just(ResponseEntity.notFound().build()));
	}

	@PostMapping("/orders")
	Mono<ResponseEntity<Map<String, Object>>> placeOrder(@RequestBody OrderRequest order) {
		return this.upstream.get()
			.uri("/inventory/{sku}", order.sku())
			.retrieve()
			.bodyToMono(Stock.class)
			.map((stock) -> (stock.available() >= order.quantity())
					? ResponseEntity.status(HttpStatus.CREATED)
						.body(Map.<String, Object>of("orderId", UUID.randomUUID().toString(), "sku", order.sku(),
								"quantity", order.quantity(), "status", "ACCEPTED"))
					: ResponseEntity.status(HttpStatus.CONFLICT)
						.body(Map.<String, Object>of("sku", order.sku(), "quantity", order.quantity(), "status",
								"REJECTED", "available", stock.available())));
	}

	record OrderRequest(String sku, int quantity) {
	}

	record Stock(String sku, int available) {
	}

}
