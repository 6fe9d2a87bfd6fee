package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Throughput with revocation checking on (mode crl, caches warm) against the same sample with mode
 * none, in one run: two server processes, measured in alternating rounds, kept-alive requests and
 * new connections with full handshakes. Prints the medians and the ratios.
 */
final class RevocationBenchmark {

	private static final List<LoadGenerator.Mode> MODES = List.of(LoadGenerator.Mode.KEEP_ALIVE,
			LoadGenerator.Mode.FULL_HANDSHAKE);

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
		try (SampleProcess none = SampleProcess.start(this.jar, work, "none")) {
			Path devCa = work.resolve(".mtls-dev");
			Path crl = Crl.empty(devCa.resolve("ca.crt"), devCa.resolve("ca.key"), work);
			try (SampleProcess crlChecking = SampleProcess.start(this.jar, work, "crl", "--mtls.revocation.mode=crl",
					"--mtls.revocation.crl-locations=file:" + crl)) {
				ClientIdentity client = ClientIdentity.load(devCa.resolve("client.crt"), devCa.resolve("client.key"),
						devCa.resolve("ca.crt"));
				Rounds rounds = new Rounds(new LoadGenerator(client), this.threads, this.duration);
				rounds.run(List.of(none, crlChecking), MODES, this.rounds);
				System.out.println();
				System.out.println("| mode | revocation none (req/s, cpu us/req) | revocation crl (req/s, cpu us/req) | ratio crl/none |");
				System.out.println("|---|---|---|---|");
				for (LoadGenerator.Mode mode : MODES) {
					double baseline = rounds.median(mode, "none", Rounds.Figures::perSecond);
					double checked = rounds.median(mode, "crl", Rounds.Figures::perSecond);
					System.out.printf("| %s | %.0f, %.0f | %.0f, %.0f | %.3f |%n", mode.description(), baseline,
							rounds.median(mode, "none", Rounds.Figures::cpuMicrosPerRequest), checked,
							rounds.median(mode, "crl", Rounds.Figures::cpuMicrosPerRequest), checked / baseline);
				}
			}
		}
	}

}
