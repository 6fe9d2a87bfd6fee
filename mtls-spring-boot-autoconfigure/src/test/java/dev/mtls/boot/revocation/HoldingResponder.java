package dev.mtls.boot.revocation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mtls.boot.testing.OcspResponder;

/**
 * An HTTP proxy in front of an {@link OcspResponder} that answers as it does, except that it can
 * hold the next request until released, so a test knows a lookup is waiting for the responder.
 */
final class HoldingResponder implements AutoCloseable {

	private final OcspResponder responder;

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final HttpClient forward = HttpClient.newHttpClient();

	private final AtomicBoolean holdNext = new AtomicBoolean();

	private final CountDownLatch held = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	HoldingResponder(OcspResponder responder) throws IOException {
		this.responder = responder;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.threads);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Hold the next request until {@link #release()}.
	 */
	void holdNext() {
		this.holdNext.set(true);
	}

	boolean awaitHeld() throws InterruptedException {
		return this.held.await(10, TimeUnit.SECONDS);
	}

	boolean isHolding() {
		return this.held.getCount() == 0 && this.release.getCount() == 1;
	}

	void release() {
		this.release.countDown();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try {
			if (this.holdNext.compareAndSet(true, false)) {
				this.held.countDown();
				this.release.await();
			}
			byte[] body = exchange.getRequestBody().readAllBytes();
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create(this.responder.url() + exchange.getRequestURI()));
			if ("POST".equals(exchange.getRequestMethod())) {
				request.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.header("Content-Type", "application/ocsp-request");
			}
			byte[] answer = this.forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
			exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
