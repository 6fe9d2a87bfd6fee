package dev.mtls.boot.client;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.mtls.boot.client.ClientGenerations.Lease;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ClientHttpResponseDecorator;

/**
 * A connector that sends each exchange through a connector built for the material in service
 * ({@link ClientGenerations}); an exchange holds its connector until the response body is over.
 *
 * @author mtls-spring-boot
 */
final class RotatingConnector implements ClientHttpConnector {

	private final ClientGenerations<ClientHttpConnector> connectors;

	RotatingConnector(ClientGenerations<ClientHttpConnector> connectors) {
		this.connectors = connectors;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.defer(() -> {
			Lease<ClientHttpConnector> lease = this.connectors.lease();
			AtomicBoolean responded = new AtomicBoolean();
			try {
				return lease.client()
					.connect(method, uri, requestCallback)
					.<ClientHttpResponse>map((response) -> {
						responded.set(true);
						return new LeasedResponse(response, lease);
					})
					.doFinally((signal) -> {
						// With a response, the lease ends with its body.
						if (!responded.get()) {
							lease.release();
						}
					});
			}
			catch (RuntimeException ex) {
				lease.release();
				throw ex;
			}
		});
	}

	private static final class LeasedResponse extends ClientHttpResponseDecorator {

		private final Lease<ClientHttpConnector> lease;

		LeasedResponse(ClientHttpResponse delegate, Lease<ClientHttpConnector> lease) {
			super(delegate);
			this.lease = lease;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return super.getBody().doFinally((signal) -> this.lease.release());
		}

	}

}
