package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The starter against the alternatives on the same machine, in one run: for each stack (Tomcat
 * servlet, Reactor Netty reactive) the starter sample, the same kind of app wired by hand the
 * usual way (SSL bundle + {@code server.ssl.client-auth=need} + Security's {@code x509()}), the
 * same app with plain TLS (no client certificate), and nginx with {@code ssl_verify_client on}.
 * Every target serves {@code GET /hello} and is loaded kept-alive, with a full handshake per
 * request, and with a resumed session per request. Prints every measurement, then the medians and
 * the ratios the performance goals are stated in.
 */
final class PerformanceBenchmark {

	private final Path repository;

	private final Options options;

	PerformanceBenchmark(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	void run() throws Exception {
		Path work = Files.createTempDirectory("mtls-performance");
		List<String> names = this.options.targets(Targets.ALL);
		try (Targets targets = new Targets(this.repository, work)) {
			List<Target> started = targets.start(names, Map.of());
			ClientIdentity client = ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt"));
			Duration duration = this.options.seconds(10);
			int threads = this.options.threads();
			int rounds = this.options.rounds(3);
			Duration warmUp = Duration.ofSeconds(Long.parseLong(this.options.get("warm-up", "30")));
			System.out.printf("java %s (%s) for load and servers, %d cores, %d client threads, %d s warm-up, %d s per measurement, %d rounds%n%n",
					System.getProperty("java.version"), System.getProperty("java.vm.name"),
					Runtime.getRuntime().availableProcessors(), threads, warmUp.toSeconds(), duration.toSeconds(), rounds);
			Rounds measured = new Rounds(new LoadGenerator(client), threads, duration, warmUp);
			measured.run(started, this.options.modes(), rounds);
			new PerformanceReport(measured, started.stream().map(Target::name).toList(), this.options.modes())
				.print(System.out);
		}
	}

}
