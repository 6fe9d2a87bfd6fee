package dev.mtls.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the benchmark's servers by name. The Tomcat starter sample always starts first: its
 * development CA issues the certificates every other target and the load generator use.
 */
final class Targets implements AutoCloseable {

	/**
	 * Every target, in the order of the result table.
	 */
	static final List<String> ALL = List.of("tomcat-starter", "tomcat-starter-accp", "tomcat-starter-bc",
			"tomcat-starter-openssl", "tomcat-usual", "tomcat-plain",
			"netty-starter", "netty-starter-accp", "netty-starter-openssl", "netty-usual", "netty-plain", "nginx");

	private final Path repository;

	private final Path work;

	private final Map<String, Target> started = new LinkedHashMap<>();

	Targets(Path repository, Path work) {
		this.repository = repository;
		this.work = work;
	}

	/**
	 * Start the named targets.
	 * @param names target names from {@link #ALL}
	 * @param jvmOptions extra JVM options for a target, by name (e.g. a flight recording)
	 * @return the started targets, in table order
	 */
	List<Target> start(List<String> names, Map<String, List<String>> jvmOptions) throws Exception {
		start("tomcat-starter", jvmOptions);
		for (String name : ALL) {
			if (names.contains(name)) {
				start(name, jvmOptions);
			}
		}
		List<Target> targets = new ArrayList<>();
		for (String name : ALL) {
			if (names.contains(name)) {
				targets.add(this.started.get(name));
			}
		}
		return targets;
	}

	Path devCa() {
		return this.work.resolve(".mtls-dev");
	}

	private void start(String name, Map<String, List<String>> jvmOptions) throws Exception {
		if (this.started.containsKey(name)) {
			return;
		}
		List<String> jvm = jvmOptions.getOrDefault(name, List.of());
		// The samples carry Amazon Corretto Crypto Provider on Linux x86-64: only the -accp targets use it, the
		// others keep the JDK's providers, as before it was there.
		Target target = switch (name) {
			case "tomcat-starter" -> sample(jvm, "inventory-service", name, JDK_CRYPTO);
			case "tomcat-starter-accp" -> sample(jvm, "inventory-service", name, "--mtls.crypto.provider=accp");
			case "tomcat-starter-bc" -> sample(jvm, "inventory-service", name, JDK_CRYPTO, "--mtls.server.engine=bouncycastle");
			case "tomcat-starter-openssl" -> sample(jvm, "inventory-service", name, JDK_CRYPTO, "--mtls.server.engine=openssl");
			case "netty-starter" -> sample(jvm, "orders-service", name, JDK_CRYPTO, "--mtls.server.engine=jdk");
			case "netty-starter-accp" -> sample(jvm, "orders-service", name, "--mtls.crypto.provider=accp",
					"--mtls.server.engine=jdk");
			case "netty-starter-openssl" -> sample(jvm, "orders-service", name, JDK_CRYPTO, "--mtls.server.engine=openssl");
			case "tomcat-usual" -> app(jvm, "servlet-app", name, "usual");
			case "tomcat-plain" -> app(jvm, "servlet-app", name, "plain");
			case "netty-usual" -> app(jvm, "reactive-app", name, "usual");
			case "netty-plain" -> app(jvm, "reactive-app", name, "plain");
			case "nginx" -> NginxTarget.start(this.work, name, serverCertificate(), serverKey(), devCa().resolve("ca.crt"));
			default -> throw new IllegalArgumentException("unknown target " + name + "; targets: " + ALL);
		};
		this.started.put(name, target);
	}

	// Tomcat closes a kept-alive connection after 100 requests by default, which would put a
	// handshake into every 100th "kept-alive" request; every Tomcat target runs without that limit.
	private static final String NO_KEEP_ALIVE_LIMIT = "--server.tomcat.max-keep-alive-requests=-1";

	private static final String JDK_CRYPTO = "--mtls.crypto.provider=jdk";

	private Target sample(List<String> jvm, String service, String name, String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of("--mtls.dev.service-name=" + name, NO_KEEP_ALIVE_LIMIT));
		all.addAll(List.of(arguments));
		return SampleProcess.startJar(jvm,
				jar("sample-services/" + service + "/target/" + service + ".jar"), this.work, name, all);
	}

	private Target app(List<String> jvm, String app, String name, String profile) throws Exception {
		return SampleProcess.startJar(jvm, jar("benchmarks/apps/" + app + "/target/bench-" + app + ".jar"), this.work,
				name, List.of("--spring.profiles.active=" + profile, NO_KEEP_ALIVE_LIMIT,
						"--bench.certificate=" + serverCertificate(),
						"--bench.private-key=" + serverKey(), "--bench.ca=" + devCa().resolve("ca.crt")));
	}

	// The hand-wired apps and nginx serve the certificate the development CA issued to the first sample.
	private Path serverCertificate() {
		return devCa().resolve("tomcat-starter.crt");
	}

	private Path serverKey() {
		return devCa().resolve("tomcat-starter.key");
	}

	private Path jar(String path) {
		Path jar = this.repository.resolve(path);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run mvn -B -DskipTests package first");
		}
		return jar;
	}

	@Override
	public void close() throws Exception {
		for (Target target : this.started.values()) {
			target.close();
		}
	}

}
