package dev.mtls.boot.client;

import java.io.Closeable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

/**
 * Exchanges go through a connector built for the material in service; a replaced connector is
 * closed only once the response bodies it serves are over.
 */
class RotatingConnectorTests {

	private static final URI URI = java.net.URI.create("https://localhost/peer");

	private final AtomicLong updates = new AtomicLong();

	private final List<ClientHttpConnector> built = new ArrayList<>();

	private final Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();

	private RuntimeException failure;

	private final RotatingConnector connector = new RotatingConnector(
			new ClientGenerations<>(this.updates::get, this::build));

	@Test
	void replacedConnectorIsClosedOnlyWhenTheResponseBodyIsOver() throws Exception {
		ClientHttpResponse inFlight = connect();
		List<DataBuffer> received = new ArrayList<>();
		inFlight.getBody().subscribe(received::add);
		this.updates.incrementAndGet();
		connect();
		assertThat(this.built).hasSize(2);
		Closeable replaced = (Closeable) this.built.get(0);
		verify(replaced, never()).close();
		this.body.tryEmitNext(DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { 1 }));
		assertThat(received).hasSize(1);
		verify(replaced, never()).close();
		this.body.tryEmitComplete();
		verify(replaced).close();
		verify((Closeable) this.built.get(1), never()).close();
	}

	@Test
	void failedExchangeEndsItsLease() throws Exception {
		this.failure = new IllegalStateException("Connection refused");
		Mono<ClientHttpResponse> failing = this.connector.connect(HttpMethod.GET, URI, (request) -> Mono.empty());
		assertThat(failing.onErrorResume((ex) -> Mono.empty()).block()).isNull();
		this.failure = null;
		this.updates.incrementAndGet();
		connect();
		verify((Closeable) this.built.get(0)).close();
	}

	private ClientHttpResponse connect() {
		return this.connector.connect(HttpMethod.GET, URI, (request) -> Mono.empty()).block();
	}

	private ClientHttpConnector build() {
		ClientHttpConnector connector = mock(ClientHttpConnector.class,
				withSettings().extraInterfaces(Closeable.class));
		if (this.failure != null) {
			given(connector.connect(any(), any(), any())).willReturn(Mono.error(this.failure));
		}
		else {
			ClientHttpResponse response = mock(ClientHttpResponse.class);
			given(response.getBody()).willReturn(this.body.asFlux());
			given(connector.connect(any(), any(), any())).willReturn(Mono.just(response));
		}
		this.built.add(connector);
		return connector;
	}

}
