package dev.mtls.boot.client;

import java.util.function.Supplier;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Gives every auto-configured {@link RestClient.Builder} a request factory that presents the
 * identity and trusts only the trust set. One factory is shared; it follows every material update
 * ({@link RotatingRequestFactory}). Ordered early, so an application's own customizer can still
 * replace it.
 *
 * @author mtls-spring-boot
 */
final class MtlsRestClientCustomizer implements RestClientCustomizer, Ordered {

	private final Supplier<ClientHttpRequestFactory> requestFactory;

	MtlsRestClientCustomizer(Supplier<ClientHttpRequestFactory> requestFactory) {
		this.requestFactory = requestFactory;
	}

	@Override
	public void customize(RestClient.Builder builder) {
		builder.requestFactory(this.requestFactory.get());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
