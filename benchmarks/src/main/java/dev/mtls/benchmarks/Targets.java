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

	/**
	 * Targets beside {@link #ALL}: the starter in the benchmark apps themselves ({@code *-app-starter}:
	 * the same application and dependencies as {@code *-usual} and {@code *-plain}), and the usual
	 * wiring on Reactor Netty with BoringSSL (Netty's own choice when it is on the class path). Any JVM
	 * target followed by {@link #UNOBSERVED} runs without the request and Security observations.
	 */
	static final List<String> MORE = List.of("tomcat-app-starter", "tomcat-app-starter-openssl", "netty-app-starter",
			"netty-app-starter-openssl", "netty-usual-openssl");

	static final String UNOBSERVED = "-unobserved";

	// Micrometer's http.server.requests and Spring Security's filter-chain, authentication and
	// authorization observations: the two settings the observation tax is measured with.
	private static final List<String> NO_OBSERVATIONS = List.of(
			"--management.observations.enable.http.server.requests=false",
			"--management.observations.enable.spring.security=false");

	// Keeps Reactor Netty's usual wiring (and the targets compared with it) on the JDK's engine
	// although BoringSSL is on the benchmark app's class path.
	private static final String NETTY_WITHOUT_OPENSSL = "-Dio.netty.handler.ssl.noOpenSsl=true";

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
		return start(names, jvmOptions, List.of());
	}

	/**
	 * Start the named targets with extra application arguments for every JVM target.
	 * @param names target names from {@link #ALL} or {@link #MORE}, optionally ending in {@link #UNOBSERVED}
	 * @param jvmOptions extra JVM options for a target, by name
	 * @param arguments extra application arguments for every JVM target but the certificate issuer
	 * @return the started targets, in the order named
	 */
	List<Target> start(List<String> names, Map<String, List<String>> jvmOptions, List<String> arguments)
			throws Exception {
		start("tomcat-starter", jvmOptions, List.of());
		List<Target> targets = new ArrayList<>();
		for (String name : names) {
			start(name, jvmOptions, arguments);
			targets.add(this.started.get(name));
		}
		return targets;
	}

	/**
	 * Stop one started target (to start it again, e.g. for a start-up measurement).
	 */
	void stop(String name) throws Exception {
		Target target = this.started.remove(name);
		if (target != null) {
			target.close();
		}
	}

	Path devCa() {
		return this.work.resolve(".mtls-dev");
	}

	private void start(String name, Map<String, List<String>> jvmOptions, List<String> arguments) throws Exception {
		if (this.started.containsKey(name)) {
			return;
		}
		List<String> jvm = new ArrayList<>(jvmOptions.getOrDefault(name, List.of()));
		String kind = name.endsWith(UNOBSERVED) ? name.substring(0, name.length() - UNOBSERVED.length()) : name;
		List<String> extra = new ArrayList<>(arguments);
		if (!kind.equals(name)) {
			extra.addAll(NO_OBSERVATIONS);
		}
		if (kind.startsWith("netty-") && !kind.endsWith("-openssl")) {
			jvm.add(NETTY_WITHOUT_OPENSSL);
		}
		String[] more = extra.toArray(String[]::new);
		Target target = switch (kind) {
			// The samples carry Amazon Corretto Crypto Provider on Linux x86-64: only the -accp targets use it, the
			// others keep the JDK's providers, as before it was there.
			case "tomcat-starter" -> sample(jvm, "inventory-service", name, with(more, JDK_CRYPTO));
			case "tomcat-starter-accp" -> sample(jvm, "inventory-service", name, with(more, "--mtls.crypto.provider=accp"));
			case "tomcat-starter-bc" -> sample(jvm, "inventory-service", name,
					with(with(more, JDK_CRYPTO), "--mtls.server.engine=bouncycastle"));
			case "tomcat-starter-openssl" -> sample(jvm, "inventory-service", name,
					with(with(more, JDK_CRYPTO), "--mtls.server.engine=openssl"));
			case "netty-starter" -> sample(jvm, "orders-service", name, with(with(more, JDK_CRYPTO), "--mtls.server.engine=jdk"));
			case "netty-starter-accp" -> sample(jvm, "orders-service", name,
					with(with(more, "--mtls.crypto.provider=accp"), "--mtls.server.engine=jdk"));
			case "netty-starter-openssl" -> sample(jvm, "orders-service", name,
					with(with(more, JDK_CRYPTO), "--mtls.server.engine=openssl"));
			case "tomcat-usual" -> app(jvm, "servlet-app", name, "usual", more);
			case "tomcat-plain" -> app(jvm, "servlet-app", name, "plain", more);
			case "tomcat-app-starter" -> app(jvm, "servlet-app", name, "starter", more);
			case "tomcat-app-starter-openssl" -> app(jvm, "servlet-app", name, "starter", with(more, "--mtls.server.engine=openssl"));
			case "netty-usual", "netty-usual-openssl" -> app(jvm, "reactive-app", name, "usual", more);
			case "netty-plain" -> app(jvm, "reactive-app", name, "plain", more);
			case "netty-app-starter" -> app(jvm, "reactive-app", name, "starter", more);
			case "netty-app-starter-openssl" -> app(jvm, "reactive-app", name, "starter", with(more, "--mtls.server.engine=openssl"));
			case "nginx" -> NginxTarget.start(this.work, name, serverCertificate(), serverKey(), devCa().resolve("ca.crt"));
			default -> throw new IllegalArgumentException("unknown target " + name + "; targets: " + ALL + ", " + MORE
					+ ", each JVM target also with the suffix " + UNOBSERVED);
		};
		this.started.put(name, target);
	}

	private static String[] with(String[] arguments, String argument) {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.add(argument);
		return all.toArray(String[]::new);
	}

	// Tomcat closes a kept-alive connection after 100 requests by default, which would put a
	// handshake into every 100th "kept-alive" request; every Tomcat target runs without that limit.
	private static final String NO_KEEP_ALIVE_LIMIT = "--server.tomcat.max-keep-alive-requests=-1";

	private static final String JDK_CRYPTO = "--mtls.crypto.provider=jdk";

	// The inventory sample also serves gRPC on a fixed port, which several sample targets would share:
	// the benchmarks measure HTTPS only.
	private static final String NO_GRPC_SERVER = "--spring.grpc.server.enabled=false";

	private Target sample(List<String> jvm, String service, String name, String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of("--mtls.dev.service-name=" + name, NO_KEEP_ALIVE_LIMIT, NO_GRPC_SERVER));
		all.addAll(List.of(arguments));
		return SampleProcess.startJar(jvm,
				jar("sample-services/" + service + "/target/" + service + ".jar"), this.work, name, all);
	}

	private Target app(List<String> jvm, String app, String name, String profile, String... arguments)
			throws Exception {
		return SampleProcess.startJar(jvm, appJar(app), this.work, name, appArguments(profile, arguments));
	}

	/**
	 * The benchmark app's jar ({@code servlet-app} or {@code reactive-app}).
	 */
	Path appJar(String app) {
		return jar("benchmarks/apps/" + app + "/target/bench-" + app + ".jar");
	}

	/**
	 * The benchmark app's arguments for a profile ({@code starter}, {@code usual}, {@code plain}):
	 * the certificates the development CA issued.
	 */
	List<String> appArguments(String profile, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--spring.profiles.active=" + profile, NO_KEEP_ALIVE_LIMIT,
				"--bench.certificate=" + serverCertificate(), "--bench.private-key=" + serverKey(),
				"--bench.ca=" + devCa().resolve("ca.crt")));
		all.addAll(List.of(arguments));
		return all;
	}

	Path work() {
		return this.work;
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
