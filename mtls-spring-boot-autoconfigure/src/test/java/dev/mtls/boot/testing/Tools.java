package dev.mtls.boot.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The programs from outside the JDK that tests run (curl, openssl, nginx, HAProxy, promtool, a
 * Docker engine, root for a bind mount, the Pebble ACME CA, redis-server and PostgreSQL). A test
 * that needs one that is not there is skipped with its name and where to get it ({@link MissingToolException}), and {@link MissingToolsListener}
 * writes it down for the build's summary; with {@code MTLS_REQUIRE_TOOLS=true} (or its older name
 * {@code MTLS_REQUIRE_DOCKER=true}), as {@code .ci/run} sets, it fails instead.
 */
public final class Tools {

	/** Environment variable that turns a skip for a missing tool into a failure. */
	public static final String REQUIRE = "MTLS_REQUIRE_TOOLS";

	private static final String REQUIRE_DOCKER = "MTLS_REQUIRE_DOCKER";

	// Where each tool comes from on Debian, which .ci/run installs from.
	private static final Map<String, String> PACKAGES = Map.ofEntries(Map.entry("curl", "curl"),
			Map.entry("openssl", "openssl"), Map.entry("nginx", "nginx"), Map.entry("haproxy", "haproxy"),
			Map.entry("promtool", "prometheus"), Map.entry("unshare", "util-linux"), Map.entry("mount", "mount"),
			Map.entry("sh", "dash"), Map.entry("bash", "bash"),
			Map.entry("pebble", "pebble"), Map.entry("redis-server", "redis-server"),
			Map.entry("postgres", "postgresql"), Map.entry("runuser", "util-linux"), Map.entry("chown", "coreutils"));

	// A known tool named as a word of a shell script ("timeout 20 openssl s_client ... | openssl x509",
	// "cd x && promtool"), not as part of a path, file name or option value.
	private static final Pattern SCRIPT_TOOL = Pattern
		.compile("(?<![\\w./=-])(" + String.join("|", PACKAGES.keySet()) + ")(?=\\s|$)");

	private static final Map<String, Boolean> FOUND = new ConcurrentHashMap<>();

	private Tools() {
	}

	/**
	 * Skip the test unless each program is on the {@code PATH}.
	 */
	public static void require(String... programs) {
		for (String program : programs) {
			if (!FOUND.computeIfAbsent(program, Tools::onPath)) {
				String from = PACKAGES.containsKey(program)
						? "Debian package " + PACKAGES.get(program) + "; .ci/run installs it" : "install it";
				missing(program, program + " not found on the PATH (" + from + ")");
			}
		}
	}

	/**
	 * Skip the test unless the command's program is on the {@code PATH}, and for {@code sh -c}
	 * or {@code bash -c} the tools its script runs.
	 */
	public static void requireFor(String... command) {
		require(command[0]);
		if (command.length > 2 && (command[0].equals("sh") || command[0].equals("bash")) && command[1].equals("-c")) {
			require(toolsIn(command[2]).toArray(String[]::new));
		}
	}

	static List<String> toolsIn(String script) {
		List<String> tools = new ArrayList<>();
		Matcher words = SCRIPT_TOOL.matcher(script);
		while (words.find()) {
			tools.add(words.group(1));
		}
		return tools;
	}

	/**
	 * Skip the test unless the build runs as root.
	 * @param why what the test does that needs root
	 */
	public static void requireRoot(String why) {
		if (!Command.run("id", "-u").output().strip().equals("0")) {
			missing("root", "not running as root, which " + why + " needs (CI runs as root)");
		}
	}

	/**
	 * Skip the test unless a Docker engine answers.
	 * @param reachable whether one does
	 */
	public static void requireDocker(boolean reachable) {
		if (!reachable) {
			missing("docker", "no Docker engine is reachable (Debian package docker.io and a running dockerd; "
					+ ".ci/run installs and starts it)");
		}
	}

	/** Whether a missing tool fails the test instead of skipping it. */
	public static boolean required() {
		return "true".equals(System.getenv(REQUIRE)) || "true".equals(System.getenv(REQUIRE_DOCKER));
	}

	private static void missing(String tool, String reason) {
		if (required()) {
			throw new AssertionError(reason + ", and " + REQUIRE + "=true (or " + REQUIRE_DOCKER
					+ "=true) makes that a failure");
		}
		throw new MissingToolException(tool, reason + ": skipped (" + REQUIRE + "=true fails instead)");
	}

	private static boolean onPath(String program) {
		if (program.contains(File.separator)) {
			return Files.isExecutable(Path.of(program));
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return true;
			}
		}
		return false;
	}

}
