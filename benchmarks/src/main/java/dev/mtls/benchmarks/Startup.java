package dev.mtls.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Waits for a started target to accept connections on its port, failing with its logs if the
 * process dies or takes too long.
 */
final class Startup {

	private Startup() {
	}

	static void awaitListening(String name, Process process, int port, Duration timeout, Callable<String> logs)
			throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " did not start:\n" + logs.call());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("localhost", port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException(name + " did not start in time:\n" + logs.call());
	}

}
