package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

/**
 * Throughput with revocation checking on (mode crl, caches warm) against the same sample with mode
 * none, in one run: two server processes, measured in alternating rounds, kept-alive requests and
 * new connections with full handshakes. Prints the medians and the ratios.
 */
final class RevocationBenchmark {

	private final Path jar;

	private final Duration duration;

	private final int rounds;

	private final int threads;

	RevocationBenchmark(Path jar, Duration duration, int rounds, int threads) {
		this.jar = jar;
		this.duration = duration;
		this.rounds = rounds;
		this.threads = threads;
	}

	void run() throws Exception {
		Path work = Files.createTempDirectory("mtls-bench");
		try (SampleProcess none = SampleProcess.start(this.jar, work, "bench-none")) {
			Path devCa = work.resolve(".mtls-dev");
			Path crl = Crl.empty(devCa.resolve("ca.crt"), devCa.resolve("ca.key"), work);
			try (SampleProcess crlChecking = SampleProcess.start(this.jar, work, "bench-crl",
					"--mtls.revocation.mode=crl", "--mtls.revocation.crl-locations=file:" + crl)) {
				SSLContext client = ClientIdentity.sslContext(devCa.resolve("client.crt"), devCa.resolve("client.key"),
						devCa.resolve("ca.crt"));
				LoadGenerator load = new LoadGenerator(client);
				Map<String, SampleProcess> servers = new LinkedHashMap<>();
				servers.put("none", none);
				servers.put("crl", crlChecking);
				for (LoadGenerator.Mode mode : LoadGenerator.Mode.values()) {
					for (SampleProcess server : servers.values()) {
						// Warm-up: JIT and caches (the CRL answer for the client certificate).
						load.run(mode, server.port(), "/hello", this.threads, this.duration);
					}
				}
				Map<String, List<Double>> rates = new LinkedHashMap<>();
				Map<String, List<Double>> cpu = new LinkedHashMap<>();
				for (int round = 0; round < this.rounds; round++) {
					List<String> order = new ArrayList<>(servers.keySet());
					if (round % 2 == 1) {
						Collections.reverse(order);
					}
					for (LoadGenerator.Mode mode : LoadGenerator.Mode.values()) {
						for (String name : order) {
							SampleProcess server = servers.get(name);
							Duration cpuBefore = server.cpu();
							LoadGenerator.Result result = load.run(mode, server.port(), "/hello", this.threads,
									this.duration);
							Duration cpuUsed = server.cpu().minus(cpuBefore);
							String key = mode + " " + name;
							rates.computeIfAbsent(key, (k) -> new ArrayList<>()).add(result.perSecond());
							cpu.computeIfAbsent(key, (k) -> new ArrayList<>())
								.add(cpuUsed.toNanos() / 1000.0 / Math.max(1, result.requests()));
							System.out.printf("round %d %-30s %9.0f req/s  p50 %6d us  p99 %6d us  errors %d  server cpu %6.0f us/req%n",
									round + 1, key, result.perSecond(), result.p50Micros(), result.p99Micros(),
									result.errors(), cpuUsed.toNanos() / 1000.0 / Math.max(1, result.requests()));
						}
					}
				}
				System.out.println();
				System.out.println("| mode | revocation none (req/s, cpu us/req) | revocation crl (req/s, cpu us/req) | ratio crl/none |");
				System.out.println("|---|---|---|---|");
				for (LoadGenerator.Mode mode : LoadGenerator.Mode.values()) {
					double baseline = median(rates.get(mode + " none"));
					double checked = median(rates.get(mode + " crl"));
					System.out.printf("| %s | %.0f, %.0f | %.0f, %.0f | %.3f |%n", mode, baseline,
							median(cpu.get(mode + " none")), checked, median(cpu.get(mode + " crl")), checked / baseline);
				}
			}
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
