package dev.mtls.boot.client;

import java.util.function.Supplier;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Gives every auto-configured {@link WebClient.Builder} a connector that presents the identity and
 * trusts only the trust set, and follows every material update ({@link RotatingConnector}). Runs
 * after Spring Boot's own connector customizer (order 0).
 *
 * @author mtls-spring-boot
 */
final class MtlsWebClientCustomizer implements WebClientCustomizer, Ordered {

	private final Supplier<ClientHttpConnector> connector;

	MtlsWebClientCustomizer(Supplier<ClientHttpConnector> connector) {
		this.connector = connector;
	}

	@Override
	public void customize(WebClient.Builder builder) {
		builder.clientConnector(this.connector.get());
	}

	@Override
	public int getOrder() {
		return 10;
	}

}
