package dev.mtls.samples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Orders: Spring WebFlux on Reactor Netty, calls out with WebClient. Uses the starter's default
 * security chain: every request needs an authenticated peer, except on the management port.
 */
@SpringBootApplication
public class OrdersServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrdersServiceApplication.class, args);
	}

}
