package dev.mtls.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

/**
 * Many kept-alive mTLS connections to one server, as many clients would hold them, driven by a
 * bounded pool of threads (idle connections hold none): opened, kept serving, and made to
 * reconnect all at once.
 */
final class Fleet implements AutoCloseable {

	/**
	 * What a reconnect storm measured.
	 * @param recoveryMillis from the first reconnect until the last connection served its first request again
	 * @param p50Micros median time from a connection's scheduled reconnect to its first response
	 * @param p99Micros 99th percentile of the same
	 * @param serverCpuMillis the server's CPU time over the storm
	 * @param failed failed attempts (each retried until it succeeds)
	 * @param fullHandshakes full handshakes among the reconnects (the rest resumed)
	 */
	record Storm(double recoveryMillis, long p50Micros, long p99Micros, double serverCpuMillis, long failed,
			long fullHandshakes) {

	}

	private final int port;

	private final Connection[] connections;

	private final ExecutorService clients;

	Fleet(int port, int size, int clients) {
		this.port = port;
		this.connections = new Connection[size];
		this.clients = Executors.newFixedThreadPool(clients);
	}

	int size() {
		return this.connections.length;
	}

	/**
	 * Make sure every connection is open and serving: one request on each, reconnecting those the
	 * server closed (Tomcat closes connections idle for a minute).
	 * @return the number of connections that had to be opened
	 */
	int serveAll(SSLContext context) throws Exception {
		AtomicInteger opened = new AtomicInteger();
		List<Future<?>> done = new ArrayList<>();
		for (int i = 0; i < this.connections.length; i++) {
			int index = i;
			done.add(this.clients.submit(() -> {
				Connection connection = this.connections[index];
				try {
					if (connection != null && connection.request()) {
						return null;
					}
				}
				catch (IOException ex) {
					// closed by the server: open a new one below
				}
				if (connection != null) {
					connection.close();
				}
				this.connections[index] = Connection.open(context, this.port, false);
				opened.incrementAndGet();
				if (!this.connections[index].request()) {
					throw new IOException("GET /hello failed on a new connection");
				}
				return null;
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		return opened.get();
	}

	/**
	 * Every connection closes and reconnects within {@code spread}, the i-th at {@code i × spread / size}:
	 * a new handshake (full, or resumed from the client's session cache), then one request.
	 */
	Storm storm(ClientIdentity.Client client, boolean full, Duration spread, Target server) throws Exception {
		int size = this.connections.length;
		long[] latencies = new long[size];
		AtomicLong lastResponse = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		long handshakesBefore = client.fullHandshakes();
		ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
		List<Future<?>> done = new ArrayList<>();
		long cpuBefore = server.cpu().toNanos();
		long start = System.nanoTime();
		for (int i = 0; i < size; i++) {
			int index = i;
			long due = spread.toNanos() * i / size;
			done.add(schedule.schedule(() -> {
				this.connections[index].close();
				return this.clients.submit(() -> {
					reconnect(index, client, full, failed);
					long now = System.nanoTime();
					latencies[index] = (now - start - due) / 1000;
					lastResponse.accumulateAndGet(now, Math::max);
					return null;
				});
			}, due, TimeUnit.NANOSECONDS));
		}
		for (Future<?> scheduled : done) {
			((Future<?>) scheduled.get()).get();
		}
		double cpuMillis = (server.cpu().toNanos() - cpuBefore) / 1e6;
		schedule.shutdown();
		Arrays.sort(latencies);
		return new Storm((lastResponse.get() - start) / 1e6, latencies[size / 2],
				latencies[Math.min(size - 1, (int) Math.floor(size * 0.99))], cpuMillis, failed.get(),
				client.fullHandshakes() - handshakesBefore);
	}

	private void reconnect(int index, ClientIdentity.Client client, boolean full, AtomicLong failed)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (true) {
			try {
				Connection connection = Connection.open(client.context(), this.port, full);
				this.connections[index] = connection;
				if (connection.request()) {
					return;
				}
				failed.incrementAndGet();
			}
			catch (IOException ex) {
				failed.incrementAndGet();
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("connection " + index + " did not serve again within 60 s");
			}
			Thread.sleep(10);
		}
	}

	@Override
	public void close() {
		for (Connection connection : this.connections) {
			if (connection != null) {
				connection.close();
			}
		}
		this.clients.shutdownNow();
	}

}
