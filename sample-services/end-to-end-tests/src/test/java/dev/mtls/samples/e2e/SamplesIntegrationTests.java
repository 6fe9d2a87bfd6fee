package dev.mtls.samples.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mtls.boot.testing.Tools;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both sample jars run as separate processes, started at the same moment on a fresh development
 * CA folder, exactly as README's command runs them, and driven with curl and openssl (each test
 * that needs one of them, or promtool, is skipped without it, see {@link Tools}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplesIntegrationTests {

	private static final Pattern CURL_LINE = Pattern.compile("Try: (curl .*/whoami)");

	private Path work;

	private Path devCa;

	private Service inventory;

	private Service orders;

	@BeforeAll
	void startSamples(@TempDir Path work) throws Exception {
		this.work = work;
		this.devCa = work.resolve(".mtls-dev");
		int inventoryPort = freePort();
		int ordersPort = freePort();
		this.inventory = Service.start(System.getProperty("inventory.jar"), work, "inventory", inventoryPort, freePort(),
				ordersPort);
		this.orders = Service.start(System.getProperty("orders.jar"), work, "orders", ordersPort, freePort(),
				inventoryPort);
		this.inventory.awaitStarted();
		this.orders.awaitStarted();
	}

	@AfterAll
	void stopSamples() {
		if (this.inventory != null) {
			this.inventory.stop();
		}
		if (this.orders != null) {
			this.orders.stop();
		}
	}

	@Test
	void printedCurlLineWorksAsPasted() throws Exception {
		Matcher line = CURL_LINE.matcher(this.inventory.log());
		assertThat(line.find()).as(this.inventory.log()).isTrue();
		Result curl = run("sh", "-c", line.group(1) + " -sS");
		assertThat(curl.exitCode()).as(curl.output()).isZero();
		assertThat(curl.output()).contains("\"principal\":\"spiffe://dev.mtls.local/ns/dev/sa/developer\"")
			.contains("SCOPE_inventory:read");
	}

	@Test
	void ordersCallsInventoryOverMutualTls() throws Exception {
		Result curl = curlAsDeveloper(this.orders, "/upstream/whoami");
		assertThat(curl.output()).contains("\"principal\":\"spiffe://dev.mtls.local/ns/dev/sa/orders-service\"")
			.contains("SCOPE_inventory:read");
	}

	@Test
	void inventoryCallsOrdersOverMutualTls() throws Exception {
		Result curl = curlAsDeveloper(this.inventory, "/upstream/whoami");
		assertThat(curl.output()).contains("\"principal\":\"spiffe://dev.mtls.local/ns/dev/sa/inventory-service\"");
	}

	@Test
	void placingAnOrderChecksStockWithInventory() throws Exception {
		Result accepted = curlAsDeveloper(this.orders, "/orders", "-H", "content-type: application/json", "-d",
				"{\"sku\":\"apple\",\"quantity\":3}", "-w", " %{http_code}");
		assertThat(accepted.output()).contains("\"status\":\"ACCEPTED\"").endsWith(" 201");
		Result rejected = curlAsDeveloper(this.orders, "/orders", "-H", "content-type: application/json", "-d",
				"{\"sku\":\"plum\",\"quantity\":1}", "-w", " %{http_code}");
		assertThat(rejected.output()).contains("\"status\":\"REJECTED\"").endsWith(" 409");
	}

	@Test
	void helloIsTinyPlainText() throws Exception {
		Result curl = curlAsDeveloper(this.orders, "/hello");
		assertThat(curl.output()).isEqualTo("hello spiffe://dev.mtls.local/ns/dev/sa/developer");
	}

	@Test
	void callerWithoutCertificateIsRefused() throws Exception {
		Result curl = run("curl", "-sS", "--cacert", this.devCa.resolve("ca.crt").toString(),
				this.orders.url("/whoami"));
		assertThat(curl.exitCode()).as(curl.output()).isNotZero();
	}

	@Test
	void callerWithUntrustedCertificateIsRefused() throws Exception {
		Path key = this.work.resolve("stranger.key");
		Path certificate = this.work.resolve("stranger.crt");
		Result openssl = run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
				"-nodes", "-keyout", key.toString(), "-out", certificate.toString(), "-days", "1", "-subj",
				"/CN=developer", "-addext", "subjectAltName=URI:spiffe://dev.mtls.local/ns/dev/sa/developer",
				"-addext", "extendedKeyUsage=clientAuth");
		assertThat(openssl.exitCode()).as(openssl.output()).isZero();
		Result curl = run("curl", "-sS", "--cacert", this.devCa.resolve("ca.crt").toString(), "--cert",
				certificate.toString(), "--key", key.toString(), this.inventory.url("/whoami"));
		assertThat(curl.exitCode()).as(curl.output()).isNotZero();
	}

	@Test
	void trustedPeerWithoutGrantIsForbidden() throws Exception {
		// openssl acts as the issuer here: a dev-CA certificate for a service with no grant.
		Path key = this.work.resolve("nogrant.key");
		Path csr = this.work.resolve("nogrant.csr");
		Path certificate = this.work.resolve("nogrant.crt");
		Path extensions = Files.writeString(this.work.resolve("nogrant.ext"),
				"subjectAltName=URI:spiffe://dev.mtls.local/ns/dev/sa/stranger\nextendedKeyUsage=clientAuth\n");
		assertThat(run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
				"-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=stranger").exitCode()).isZero();
		Result sign = run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", this.devCa.resolve("ca.crt").toString(),
				"-CAkey", this.devCa.resolve("ca.key").toString(), "-CAcreateserial", "-days", "1", "-extfile",
				extensions.toString(), "-out", certificate.toString());
		assertThat(sign.exitCode()).as(sign.output()).isZero();
		List<String> curl = List.of("curl", "-sS", "--cacert", this.devCa.resolve("ca.crt").toString(), "--cert",
				certificate.toString(), "--key", key.toString(), "-w", " %{http_code}");
		Result whoami = run(concat(curl, this.inventory.url("/whoami")));
		assertThat(whoami.output()).contains("spiffe://dev.mtls.local/ns/dev/sa/stranger").endsWith(" 200");
		Result stock = run(concat(curl, this.inventory.url("/inventory/apple")));
		assertThat(stock.output()).contains("403 Forbidden").endsWith(" 403");
	}

	@Test
	void managementPortServesHealthWithoutClientCertificate() throws Exception {
		for (Service service : List.of(this.inventory, this.orders)) {
			Result curl = run("curl", "-sS", "http://localhost:" + service.managementPort() + "/actuator/health");
			assertThat(curl.output()).contains("\"status\":\"UP\"");
			Result mtls = run("curl", "-sS", "http://localhost:" + service.managementPort() + "/actuator/health/mtls");
			assertThat(mtls.output()).contains("\"status\":\"UP\"").contains("\"identity\"");
		}
	}

	@Test
	void prometheusScrapeHasTheStartersMetrics() throws Exception {
		curlAsDeveloper(this.orders, "/hello");
		run("curl", "-sS", "--cacert", this.devCa.resolve("ca.crt").toString(), this.orders.url("/hello"));
		Result scrape = run("curl", "-sS", "http://localhost:" + this.orders.managementPort() + "/actuator/prometheus");
		assertThat(scrape.output()).contains("mtls_certificate_expiry_seconds{")
			.contains("type=\"identity\"")
			.contains("mtls_handshake_failures_total{reason=\"no-certificate\",side=\"server\"}")
			.contains("mtls_authentications_total{outcome=\"success\"}")
			.contains("mtls_reloads_total{outcome=\"failure\"}")
			.contains("ssl_chain_expiry_seconds{bundle=\"mtls\"");
		assertThat(scrape.output()).doesNotContainPattern("mtls_handshake_failures_total\\{reason=\"no-certificate\",side=\"server\"\\} 0\\.0");
	}

	@Test
	void dashboardAndAlertsUseOnlyMetricsTheSamplesExport() throws Exception {
		Path observability = Path.of(System.getProperty("observability.dir"));
		String scrape = run("curl", "-sS", "http://localhost:" + this.inventory.managementPort() + "/actuator/prometheus")
			.output();
		Pattern metric = Pattern.compile("\\b(mtls_[a-z_]+|ssl_chain_expiry_seconds)\\b");
		for (String file : List.of("grafana-dashboard.json", "prometheus-alerts.yml")) {
			Matcher names = metric.matcher(Files.readString(observability.resolve(file)));
			int found = 0;
			while (names.find()) {
				found++;
				assertThat(scrape).as("%s uses %s", file, names.group(1)).contains(names.group(1) + "{");
			}
			assertThat(found).as(file).isGreaterThan(3);
		}
	}

	@Test
	void alertRulesPassPromtool() throws Exception {
		Path observability = Path.of(System.getProperty("observability.dir"));
		Result check = run("promtool", "check", "rules", observability.resolve("prometheus-alerts.yml").toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		Result test = run("sh", "-c", "cd " + observability + " && promtool test rules prometheus-alerts.test.yml");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	// docs/doctor.md: the doctor on a sample's own jar, class path and configuration. Under another
	// application name, so that mtls.dev issues it an identity of its own instead of renewing inventory's.
	@Test
	void theDoctorOnASampleJarConnectsToTheOtherSample() throws Exception {
		Process process = new ProcessBuilder("java", "-cp", System.getProperty("inventory.jar"),
				"-Dloader.main=dev.mtls.boot.tools.MtlsTools", "org.springframework.boot.loader.launch.PropertiesLauncher",
				"doctor", "--spring.application.name=doctor", "--url=" + this.orders.url("/"))
			.directory(this.work.toFile())
			.redirectErrorStream(true)
			.start();
		process.getOutputStream().close();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(output).contains("proves URI:spiffe://dev.mtls.local/ns/dev/sa/doctor")
			.contains("the server accepted this identity");
		assertThat(process.exitValue()).as(output).isNotEqualTo(1);
	}

	private Result curlAsDeveloper(Service service, String path, String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of("curl", "-sS", "--cacert", this.devCa.resolve("ca.crt").toString(),
				"--cert", this.devCa.resolve("client.crt").toString(), "--key",
				this.devCa.resolve("client.key").toString()));
		command.addAll(List.of(options));
		command.add(service.url(path));
		Result result = run(command.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.output()).isZero();
		return result;
	}

	private static String[] concat(List<String> command, String last) {
		List<String> all = new ArrayList<>(command);
		all.add(last);
		return all.toArray(String[]::new);
	}

	private static Result run(String... command) throws IOException, InterruptedException {
		Tools.requireFor(command);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Timed out: " + String.join(" ", command));
		}
		return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	record Result(int exitCode, String output) {
	}

	record Service(Process process, Path logFile, int port, int managementPort) {

		static Service start(String jar, Path work, String name, int port, int managementPort, int upstreamPort)
				throws IOException {
			assertThat(jar).as("system property with the sample jar").isNotNull();
			Path log = work.resolve(name + ".log");
			Process process = new ProcessBuilder("java", "-jar", jar, "--server.port=" + port,
					"--management.server.port=" + managementPort,
					"--sample.upstream-url=https://localhost:" + upstreamPort)
				.directory(work.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new Service(process, log, port, managementPort);
		}

		void awaitStarted() throws Exception {
			try {
				await().atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofMillis(200))
					.failFast(() -> !this.process.isAlive() || log().contains("APPLICATION FAILED TO START"))
					.until(() -> log().contains("Started "));
			}
			catch (TerminalFailureException ex) {
				throw new IllegalStateException("Sample did not start:\n" + log());
			}
			catch (ConditionTimeoutException ex) {
				throw new IllegalStateException("Sample did not start in time:\n" + log());
			}
		}

		String log() throws IOException {
			return Files.readString(this.logFile);
		}

		String url(String path) {
			return "https://localhost:" + this.port + path;
		}

		void stop() {
			this.process.destroy();
			try {
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
