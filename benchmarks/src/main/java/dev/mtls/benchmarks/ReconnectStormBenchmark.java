package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rollout or a certificate rotation makes every client reconnect at once. Each target holds
 * {@code --connections} kept-alive mTLS connections (1,000) from a bounded client
 * ({@code --clients} threads, 200); then every connection closes and reconnects within one second,
 * with a full handshake or resuming the session the client kept. Reported: the time until every
 * connection served again, the latency from each connection's reconnect to its first response
 * (p50, p99), the server's CPU over the storm and failed attempts; storms of the targets take
 * turns in rounds (medians).
 */
final class ReconnectStormBenchmark {

	static final List<String> TARGETS = List.of("tomcat-app-starter", "tomcat-app-starter-openssl", "tomcat-usual",
			"netty-app-starter", "netty-app-starter-openssl", "netty-usual", "netty-usual-openssl");

	private static final List<String> MODES = List.of("full", "resumed");

	private final Path repository;

	private final Options options;

	private final Map<String, List<Fleet.Storm>> cells = new LinkedHashMap<>();

	ReconnectStormBenchmark(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	void run() throws Exception {
		boolean smoke = this.options.smoke();
		int size = this.options.integer("connections", smoke ? 20 : 1000);
		int clients = this.options.integer("clients", smoke ? 4 : 200);
		int rounds = smoke ? 1 : this.options.rounds(3);
		Duration spread = Duration.ofMillis(this.options.integer("spread-millis", 1000));
		List<String> names = this.options.targets(smoke ? List.of("tomcat-app-starter", "tomcat-usual") : TARGETS);
		Path work = Files.createTempDirectory("mtls-storm");
		List<Fleet> fleets = new ArrayList<>();
		try (Targets targets = new Targets(this.repository, work)) {
			List<Target> started = targets.start(names, Map.of());
			ClientIdentity identity = ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt"));
			// One client per mode and target: the full one drops every session, the resuming one keeps them.
			Map<String, ClientIdentity.Client> clientsByKey = new LinkedHashMap<>();
			for (Target target : started) {
				Fleet fleet = new Fleet(target.port(), size, clients);
				fleets.add(fleet);
				for (String mode : MODES) {
					clientsByKey.put(key(target.name(), mode), identity.newClient());
				}
			}
			System.out.printf("%d connections per target, %d client threads, reconnecting within %d ms%n", size, clients,
					spread.toMillis());
			// The first storm of each target and mode warms its JIT up and is not counted.
			for (int round = 0; round <= rounds; round++) {
				List<Integer> order = new ArrayList<>();
				for (int i = 0; i < started.size(); i++) {
					order.add(i);
				}
				if (round % 2 == 0) {
					Collections.reverse(order);
				}
				for (String mode : MODES) {
					for (int i : order) {
						Target target = started.get(i);
						ClientIdentity.Client client = clientsByKey.get(key(target.name(), mode));
						fleets.get(i).serveAll(client.context());
						Fleet.Storm storm = fleets.get(i).storm(client, mode.equals("full"), spread, target);
						System.out.printf(Locale.ROOT,
								"%-8s %-8s %-28s all serving after %6.0f ms  p50 %7d us  p99 %7d us  server cpu %6.0f ms  failed %d  full handshakes %d%n",
								(round == 0) ? "warm-up" : "round " + round, mode, target.name(), storm.recoveryMillis(),
								storm.p50Micros(), storm.p99Micros(), storm.serverCpuMillis(), storm.failed(),
								storm.fullHandshakes());
						if (round > 0) {
							this.cells.computeIfAbsent(key(target.name(), mode), (k) -> new ArrayList<>()).add(storm);
						}
					}
				}
			}
		}
		finally {
			fleets.forEach(Fleet::close);
		}
		ResultsFile.write(this.repository, this.options, "reconnect-storm", "Reconnect storm", report(names, size, clients, spread, rounds));
	}

	private String report(List<String> names, int size, int clients, Duration spread, int rounds) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"%d kept-alive mTLS connections per target (one client certificate, %d client threads), then each closes and reconnects, "
						+ "all within %d ms: new connection, handshake (full, or resumed from the client's session cache), GET /hello. "
						+ "Medians of %d rounds (range in brackets), targets taking turns, after a warm-up storm each. "
						+ "Latency is from a connection's scheduled reconnect to its first response.%n%n",
				size, clients, spread.toMillis(), rounds));
		out.append("| handshake | target | all serving again after | p50 | p99 | server CPU | per reconnect | failed | full handshakes |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String mode : MODES) {
			for (String name : names) {
				List<Fleet.Storm> storms = this.cells.get(key(name, mode));
				Spread recovery = spread(storms, Fleet.Storm::recoveryMillis);
				Spread cpu = spread(storms, Fleet.Storm::serverCpuMillis);
				out.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s ms | %s ms | %s ms | %.0f µs | %d | %d |%n",
						mode, name, recovery.format("%.0f"), spread(storms, (s) -> s.p50Micros() / 1000.0).format("%.0f"),
						spread(storms, (s) -> s.p99Micros() / 1000.0).format("%.0f"), cpu.format("%.0f"),
						cpu.median() * 1000 / size, storms.stream().mapToLong(Fleet.Storm::failed).sum(),
						storms.stream().mapToLong(Fleet.Storm::fullHandshakes).sum()));
			}
		}
		out.append("\nGoal: the starter is serving again in ≤ 0.6× the usual wiring's time, with no failed request.\n\n");
		out.append("| stack, engine | handshake | starter ÷ usual wiring, time to all serving | server CPU ratio | failed | met |\n");
		out.append("|---|---|---:|---:|---:|---|\n");
		for (String mode : MODES) {
			goal(out, names, mode, "Tomcat, JDK engine", "tomcat-app-starter", "tomcat-usual");
			goal(out, names, mode, "Tomcat, starter on OpenSSL (usual wiring on the JDK's)", "tomcat-app-starter-openssl",
					"tomcat-usual");
			goal(out, names, mode, "Reactor Netty, JDK engine", "netty-app-starter", "netty-usual");
			goal(out, names, mode, "Reactor Netty, OpenSSL engine (both)", "netty-app-starter-openssl",
					"netty-usual-openssl");
		}
		return out.toString();
	}

	private void goal(StringBuilder out, List<String> names, String mode, String label, String starter, String usual) {
		if (!names.contains(starter) || !names.contains(usual)) {
			return;
		}
		List<Fleet.Storm> starters = this.cells.get(key(starter, mode));
		List<Fleet.Storm> usuals = this.cells.get(key(usual, mode));
		double time = spread(starters, Fleet.Storm::recoveryMillis).median()
				/ spread(usuals, Fleet.Storm::recoveryMillis).median();
		double cpu = spread(starters, Fleet.Storm::serverCpuMillis).median()
				/ spread(usuals, Fleet.Storm::serverCpuMillis).median();
		long failed = starters.stream().mapToLong(Fleet.Storm::failed).sum();
		out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %d | %s |%n", label, mode, time, cpu, failed,
				(time <= 0.6 && failed == 0) ? "yes" : "**no**"));
	}

	private static Spread spread(List<Fleet.Storm> storms, java.util.function.ToDoubleFunction<Fleet.Storm> figure) {
		Spread spread = new Spread();
		storms.forEach((storm) -> spread.add(figure.applyAsDouble(storm)));
		return spread;
	}

	private static String key(String target, String mode) {
		return target + " " + mode;
	}

}
