package dev.mtls.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 load generator with a client certificate, on plain {@link SSLSocket}s so that
 * the client's own cost per request stays small (the JDK HttpClient costs several times more CPU
 * per request than the servers being measured). Three modes:
 * <ul>
 * <li>kept-alive: one connection per thread, requests one after another;</li>
 * <li>new connection with a full handshake: the session is dropped so it cannot be resumed;</li>
 * <li>new connection with resumption: the client keeps its session cache (TLS 1.3 tickets).</li>
 * </ul>
 * Full handshakes are counted, not assumed: a resumed handshake does not check the server's
 * certificate, so the client trust manager's calls are the number of full handshakes.
 */
final class LoadGenerator {

	enum Mode {

		KEEP_ALIVE("kept-alive", "kept-alive"), FULL_HANDSHAKE("full", "new connection, full handshake"),
		RESUMPTION("resumed", "new connection, resumed session");

		private final String option;

		private final String description;

		Mode(String option, String description) {
			this.option = option;
			this.description = description;
		}

		String description() {
			return this.description;
		}

		static Mode named(String option) {
			for (Mode mode : values()) {
				if (mode.option.equals(option)) {
					return mode;
				}
			}
			throw new IllegalArgumentException("unknown mode " + option + " (kept-alive, full, resumed)");
		}

	}

	record Result(long requests, long errors, long connections, long handshakes, double seconds, long p50Micros, long p99Micros,
			long p999Micros) {

		double perSecond() {
			return this.requests / this.seconds;
		}

	}

	private final ClientIdentity identity;

	LoadGenerator(ClientIdentity identity) {
		this.identity = identity;
	}

	Result run(Mode mode, int port, String path, int threads, Duration duration) throws Exception {
		// A fresh client context per run: no session from an earlier run can be resumed.
		ClientIdentity.Client client = this.identity.newClient();
		SSLContext context = client.context();
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
				+ ((mode == Mode.KEEP_ALIVE) ? "" : "Connection: close\r\n") + "\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		AtomicBoolean running = new AtomicBoolean(true);
		List<Worker> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(new Worker(mode, context, port, request, running));
		}
		long handshakesBefore = client.fullHandshakes();
		long start = System.nanoTime();
		workers.forEach(Thread::start);
		Thread.sleep(duration.toMillis());
		running.set(false);
		for (Worker worker : workers) {
			worker.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long requests = 0;
		long errors = 0;
		long connections = 0;
		long[] all = new long[0];
		for (Worker worker : workers) {
			requests += worker.requests;
			errors += worker.errors;
			connections += worker.connections;
			int from = all.length;
			int count = (int) Math.min(worker.requests, worker.latencies.length);
			all = Arrays.copyOf(all, from + count);
			System.arraycopy(worker.latencies, 0, all, from, count);
		}
		Arrays.sort(all);
		return new Result(requests, errors, connections, client.fullHandshakes() - handshakesBefore, seconds,
				percentile(all, 0.50), percentile(all, 0.99), percentile(all, 0.999));
	}

	private static long percentile(long[] sorted, double quantile) {
		return (sorted.length == 0) ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
	}

	private static final class Worker extends Thread {

		private final Mode mode;

		private final SSLContext context;

		private final int port;

		private final byte[] request;

		private final AtomicBoolean running;

		private final long[] latencies = new long[4_000_000];

		private long requests;

		private long errors;

		private long connections;

		private SSLSocket kept;

		private InputStream keptIn;

		Worker(Mode mode, SSLContext context, int port, byte[] request, AtomicBoolean running) {
			this.mode = mode;
			this.context = context;
			this.port = port;
			this.request = request;
			this.running = running;
		}

		@Override
		public void run() {
			while (this.running.get()) {
				long start = System.nanoTime();
				try {
					if (exchange()) {
						if (this.requests < this.latencies.length) {
							this.latencies[(int) this.requests] = (System.nanoTime() - start) / 1000;
						}
						this.requests++;
					}
					else {
						this.errors++;
					}
				}
				catch (IOException ex) {
					this.errors++;
					closeKept();
				}
			}
			closeKept();
		}

		private boolean exchange() throws IOException {
			if (this.mode == Mode.KEEP_ALIVE) {
				if (this.kept == null) {
					this.kept = connect();
					this.keptIn = new BufferedInputStream(this.kept.getInputStream(), 8192);
				}
				send(this.kept);
				HttpResponses.Response response = HttpResponses.read(this.keptIn);
				if (response.close()) {
					// The server's limit of requests per connection: reconnect like a pooled client would.
					closeKept();
				}
				return response.ok();
			}
			try (SSLSocket socket = connect()) {
				send(socket);
				boolean ok = HttpResponses.read(new BufferedInputStream(socket.getInputStream(), 8192)).ok();
				if (this.mode == Mode.FULL_HANDSHAKE) {
					socket.getSession().invalidate();
				}
				return ok;
			}
		}

		private SSLSocket connect() throws IOException {
			this.connections++;
			SSLSocket socket = (SSLSocket) this.context.getSocketFactory().createSocket("localhost", this.port);
			socket.setTcpNoDelay(true);
			socket.startHandshake();
			return socket;
		}

		private void send(SSLSocket socket) throws IOException {
			OutputStream out = socket.getOutputStream();
			out.write(this.request);
			out.flush();
		}

		private void closeKept() {
			if (this.kept != null) {
				try {
					this.kept.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
				this.kept = null;
			}
		}

	}

}
