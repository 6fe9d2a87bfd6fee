package dev.mtls.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small load generator with client certificates: kept-alive connections (JDK HttpClient, one per
 * thread) or a new connection with a full handshake per request (no session resumption). Reports
 * requests per second and latency percentiles.
 */
final class LoadGenerator {

	enum Mode {

		KEEP_ALIVE, NEW_CONNECTION

	}

	record Result(long requests, long errors, double seconds, long p50Micros, long p99Micros) {

		double perSecond() {
			return this.requests / this.seconds;
		}

	}

	private final SSLContext sslContext;

	LoadGenerator(SSLContext sslContext) {
		this.sslContext = sslContext;
	}

	Result run(Mode mode, int port, String path, int threads, Duration duration) throws InterruptedException {
		AtomicBoolean running = new AtomicBoolean(true);
		List<long[]> latencies = new ArrayList<>();
		long[] counts = new long[threads * 2];
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int index = t;
			long[] samples = new long[2_000_000];
			latencies.add(samples);
			Thread worker = new Thread(() -> {
				HttpClient client = HttpClient.newBuilder()
					.sslContext(this.sslContext)
					.version(HttpClient.Version.HTTP_1_1)
					.build();
				HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).build();
				int n = 0;
				while (running.get()) {
					long start = System.nanoTime();
					try {
						boolean ok = (mode == Mode.KEEP_ALIVE)
								? client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200
								: newConnection(port, path);
						if (ok) {
							if (n < samples.length) {
								samples[n] = (System.nanoTime() - start) / 1000;
							}
							n++;
						}
						else {
							counts[index * 2 + 1]++;
						}
					}
					catch (IOException ex) {
						counts[index * 2 + 1]++;
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				counts[index * 2] = n;
			});
			workers.add(worker);
		}
		long start = System.nanoTime();
		workers.forEach(Thread::start);
		Thread.sleep(duration.toMillis());
		running.set(false);
		for (Thread worker : workers) {
			worker.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long requests = 0;
		long errors = 0;
		List<Long> all = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			requests += counts[t * 2];
			errors += counts[t * 2 + 1];
			long[] samples = latencies.get(t);
			for (int i = 0; i < Math.min(counts[t * 2], samples.length); i++) {
				all.add(samples[i]);
			}
		}
		long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return new Result(requests, errors, seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
	}

	/**
	 * One request on a new connection; the session is invalidated so the next one cannot resume it.
	 */
	private boolean newConnection(int port, String path) throws IOException {
		try (SSLSocket socket = (SSLSocket) this.sslContext.getSocketFactory().createSocket("localhost", port)) {
			socket.setTcpNoDelay(true);
			socket.startHandshake();
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			socket.getSession().invalidate();
			return response.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
		}
	}

	private static long percentile(long[] sorted, double quantile) {
		return (sorted.length == 0) ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
	}

}
