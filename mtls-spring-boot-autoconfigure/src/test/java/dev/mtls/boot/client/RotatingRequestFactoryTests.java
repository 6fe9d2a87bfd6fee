package dev.mtls.boot.client;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

/**
 * Requests go through a factory built for the material in service; a replaced factory is closed
 * only once the requests it serves are over.
 */
class RotatingRequestFactoryTests {

	private static final URI URI = java.net.URI.create("https://localhost/peer");

	private final AtomicLong updates = new AtomicLong();

	private final List<ClientHttpRequestFactory> built = new ArrayList<>();

	private IOException failure;

	private final RotatingRequestFactory factory = new RotatingRequestFactory(
			new ClientGenerations<>(this.updates::get, this::build));

	@Test
	void buildsOneFactoryUntilTheMaterialIsUpdated() throws Exception {
		this.factory.createRequest(URI, HttpMethod.GET).execute().close();
		this.factory.createRequest(URI, HttpMethod.GET).execute().close();
		assertThat(this.built).hasSize(1);
		this.updates.incrementAndGet();
		this.factory.createRequest(URI, HttpMethod.GET).execute().close();
		assertThat(this.built).hasSize(2);
		verify((DisposableBean) this.built.get(0)).destroy();
		verify((DisposableBean) this.built.get(1), never()).destroy();
	}

	@Test
	void replacedFactoryIsClosedOnlyWhenItsResponseIsClosed() throws Exception {
		ClientHttpResponse inFlight = this.factory.createRequest(URI, HttpMethod.GET).execute();
		this.updates.incrementAndGet();
		this.factory.createRequest(URI, HttpMethod.GET).execute().close();
		DisposableBean replaced = (DisposableBean) this.built.get(0);
		verify(replaced, never()).destroy();
		inFlight.close();
		inFlight.close();
		verify(replaced).destroy();
	}

	@Test
	void failedRequestEndsItsLease() throws Exception {
		this.failure = new IOException("Connection refused");
		ClientHttpRequest failing = this.factory.createRequest(URI, HttpMethod.GET);
		assertThatIOException().isThrownBy(failing::execute).withMessage("Connection refused");
		this.updates.incrementAndGet();
		this.factory.createRequest(URI, HttpMethod.GET);
		verify((DisposableBean) this.built.get(0)).destroy();
	}

	private ClientHttpRequestFactory build() {
		ClientHttpRequestFactory factory = mock(ClientHttpRequestFactory.class,
				withSettings().extraInterfaces(DisposableBean.class));
		try {
			ClientHttpRequest request = mock(ClientHttpRequest.class);
			if (this.failure != null) {
				given(request.execute()).willThrow(this.failure);
			}
			else {
				given(request.execute()).willReturn(mock(ClientHttpResponse.class));
			}
			given(factory.createRequest(any(), any())).willReturn(request);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.built.add(factory);
		return factory;
	}

}
