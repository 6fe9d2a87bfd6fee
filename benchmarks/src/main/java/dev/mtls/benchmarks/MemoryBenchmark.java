package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * Memory per idle kept-alive mTLS connection: the benchmark app with the starter and with the usual
 * wiring, on each stack, holding {@code --connections} (10,000) connections of one client
 * certificate. Heap is measured after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}),
 * RSS from /proc, both before and after the connections are opened; the difference divided by the
 * connections is the cost of one. A class histogram counts the starter's per-certificate cache
 * entries ({@code PeerAuthenticator$Resolved}) against the JDK's per-connection TLS sessions, which
 * shows the cache grows with certificates, not connections.
 */
final class MemoryBenchmark {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

	private static final String CACHE_ENTRY = "dev.mtls.boot.security.PeerAuthenticator$Resolved";

	private static final String SESSION = "sun.security.ssl.SSLSessionImpl";

	private final Path repository;

	private final Options options;

	MemoryBenchmark(Path repository, Options options) {
		this.repository = repository;
		this.options = options;
	}

	private record Footprint(long heapKb, long rssKb, long cacheEntries, long sessions, long starterObjects) {

	}

	void run() throws Exception {
		boolean smoke = this.options.smoke();
		int size = this.options.integer("connections", smoke ? 50 : 10_000);
		List<String> stacks = List.of(this.options.get("stacks", smoke ? "tomcat" : "tomcat,netty").split(","));
		List<String> names = new ArrayList<>();
		for (String stack : stacks) {
			names.addAll(List.of(stack + "-app-starter", stack + "-usual"));
		}
		Path work = Files.createTempDirectory("mtls-memory");
		Map<String, Footprint[]> measured = new LinkedHashMap<>();
		try (Targets targets = new Targets(this.repository, work)) {
			// Tomcat takes at most 8192 connections and closes idle ones after a minute by default.
			List<Target> started = targets.start(names, Map.of(),
					List.of("--server.tomcat.max-connections=" + (size + 100), "--server.tomcat.keep-alive-timeout=30m"));
			ClientIdentity identity = ClientIdentity.load(targets.devCa().resolve("client.crt"),
					targets.devCa().resolve("client.key"), targets.devCa().resolve("ca.crt"));
			for (Target target : started) {
				SampleProcess jvm = (SampleProcess) target;
				SSLContext context = identity.newClient().context();
				try (Fleet warm = new Fleet(target.port(), 20, 4); Fleet fleet = new Fleet(target.port(), size, 32)) {
					// A few connections first, so that the request path is loaded and initialised before the baseline.
					for (int i = 0; i < 5; i++) {
						warm.serveAll(context);
					}
					Footprint before = footprint(jvm);
					fleet.serveAll(context);
					Footprint after = footprint(jvm);
					measured.put(target.name(), new Footprint[] { before, after });
					System.out.printf(Locale.ROOT, "%-20s %d connections: heap %d -> %d KB, RSS %d -> %d KB, peer cache entries %d, TLS sessions %d%n",
							target.name(), size, before.heapKb(), after.heapKb(), before.rssKb(), after.rssKb(),
							after.cacheEntries(), after.sessions());
				}
			}
		}
		ResultsFile.write(this.repository, this.options, "memory", "Memory per idle connection", report(stacks, size, measured));
	}

	private static Footprint footprint(SampleProcess jvm) throws Exception {
		ProfileCommand.jcmd(jvm, "GC.run");
		ProfileCommand.jcmd(jvm, "GC.run");
		Matcher heap = HEAP_USED.matcher(ProfileCommand.jcmd(jvm, "GC.heap_info"));
		if (!heap.find()) {
			throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
		}
		Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "status")));
		rss.find();
		long entries = 0;
		long sessions = 0;
		long starter = 0;
		for (String line : ProfileCommand.jcmd(jvm, "GC.class_histogram").split("\n")) {
			String[] columns = line.trim().split("\\s+");
			if (columns.length < 4 || !columns[0].endsWith(":")) {
				continue;
			}
			long instances = Long.parseLong(columns[1]);
			String type = columns[3];
			if (type.equals(CACHE_ENTRY)) {
				entries = instances;
			}
			else if (type.equals(SESSION)) {
				sessions = instances;
			}
			if (type.startsWith("dev.mtls.boot.")) {
				starter += instances;
			}
		}
		return new Footprint(Long.parseLong(heap.group(1)), Long.parseLong(rss.group(1)), entries, sessions, starter);
	}

	private static String report(List<String> stacks, int size, Map<String, Footprint[]> measured) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"%,d concurrent idle kept-alive mTLS connections (one client certificate, sessions resumed where the client could) "
						+ "to the benchmark app with the starter and with the usual wiring; heap after a full GC and RSS, before "
						+ "and after opening them (20 warm connections open in both). Per connection = difference ÷ %,d. "
						+ "Peer cache entries and TLS sessions are instance counts from a class histogram with all connections open.%n%n",
				size, size));
		out.append("| target | heap per connection | RSS per connection | heap after | RSS after | peer cache entries | live TLS sessions | starter objects before → after |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map.Entry<String, Footprint[]> entry : measured.entrySet()) {
			Footprint before = entry.getValue()[0];
			Footprint after = entry.getValue()[1];
			out.append(String.format(Locale.ROOT, "| %s | %.1f KB | %.1f KB | %,d KB | %,d KB | %d | %,d | %,d → %,d |%n",
					entry.getKey(), perConnection(before.heapKb(), after.heapKb(), size),
					perConnection(before.rssKb(), after.rssKb(), size), after.heapKb(), after.rssKb(), after.cacheEntries(),
					after.sessions(), before.starterObjects(), after.starterObjects()));
		}
		out.append("\nGoal: the starter's memory per connection ≤ 1.1× the usual wiring's.\n\n");
		out.append("| stack | heap: starter ÷ usual | RSS: starter ÷ usual | met |\n|---|---:|---:|---|\n");
		for (String stack : stacks) {
			Footprint[] starter = measured.get(stack + "-app-starter");
			Footprint[] usual = measured.get(stack + "-usual");
			double heap = perConnection(starter[0].heapKb(), starter[1].heapKb(), size)
					/ perConnection(usual[0].heapKb(), usual[1].heapKb(), size);
			double rss = perConnection(starter[0].rssKb(), starter[1].rssKb(), size)
					/ perConnection(usual[0].rssKb(), usual[1].rssKb(), size);
			out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s |%n", stack, heap, rss,
					(heap <= 1.1 && rss <= 1.1) ? "yes" : "**no**"));
		}
		return out.toString();
	}

	private static double perConnection(long beforeKb, long afterKb, int size) {
		return (afterKb - beforeKb) / (double) size;
	}

}
