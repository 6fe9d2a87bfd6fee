package dev.mtls.boot.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import dev.mtls.boot.client.ClientGenerations.Lease;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request factory that sends each request through a factory built for the material in service
 * ({@link ClientGenerations}); a request holds its factory until its response is closed.
 *
 * @author mtls-spring-boot
 */
final class RotatingRequestFactory implements ClientHttpRequestFactory {

	private final ClientGenerations<ClientHttpRequestFactory> factories;

	RotatingRequestFactory(ClientGenerations<ClientHttpRequestFactory> factories) {
		this.factories = factories;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		Lease<ClientHttpRequestFactory> lease = this.factories.lease();
		try {
			return new LeasedRequest(lease.client().createRequest(uri, httpMethod), lease);
		}
		catch (IOException | RuntimeException ex) {
			lease.release();
			throw ex;
		}
	}

	private record LeasedRequest(ClientHttpRequest request,
			Lease<ClientHttpRequestFactory> lease) implements ClientHttpRequest, StreamingHttpOutputMessage {

		@Override
		public HttpMethod getMethod() {
			return this.request.getMethod();
		}

		@Override
		public URI getURI() {
			return this.request.getURI();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.request.getAttributes();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.request.getHeaders();
		}

		@Override
		public OutputStream getBody() throws IOException {
			return this.request.getBody();
		}

		@Override
		public void setBody(Body body) {
			if (this.request instanceof StreamingHttpOutputMessage streaming) {
				streaming.setBody(body);
				return;
			}
			try {
				body.writeTo(this.request.getBody());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public ClientHttpResponse execute() throws IOException {
			try {
				return new LeasedResponse(this.request.execute(), this.lease);
			}
			catch (IOException | RuntimeException ex) {
				this.lease.release();
				throw ex;
			}
		}

	}

	private record LeasedResponse(ClientHttpResponse response,
			Lease<ClientHttpRequestFactory> lease) implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			return this.response.getBody();
		}

		@Override
		public void close() {
			try {
				this.response.close();
			}
			finally {
				this.lease.release();
			}
		}

	}

}
