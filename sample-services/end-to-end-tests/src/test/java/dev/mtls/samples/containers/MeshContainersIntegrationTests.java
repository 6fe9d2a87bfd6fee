package dev.mtls.samples.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Tools;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The samples as separate containers on one Docker network, each with its own host name and a
 * certificate whose DNS SAN is its network alias: orders calls inventory across the network, an
 * nginx container terminates client mTLS in front of inventory and forwards the client certificate,
 * a container with a certificate from another CA is refused, and inventory picks up a certificate
 * rotated inside its running container the way Kubernetes updates a secret volume (a {@code ..data}
 * symlink swap). Without a Docker engine (or the host's curl and openssl) the tests are skipped,
 * unless {@code MTLS_REQUIRE_TOOLS=true}, see {@link Tools}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshContainersIntegrationTests {

	private static final String TRUST_DOMAIN = "dev.mtls.local";

	private static final String DEVELOPER = "spiffe://" + TRUST_DOMAIN + "/ns/dev/sa/developer";

	// Writes /seed/* into a Kubernetes-style secret folder (files are symlinks through ..data), then runs the command.
	private static final String SECRET_VOLUME = "mkdir -p /etc/mtls/..v1 && cp /seed/tls.crt /seed/tls.key /seed/ca.crt "
			+ "/etc/mtls/..v1/ && ln -s ..v1 /etc/mtls/..data && for f in tls.crt tls.key ca.crt; do "
			+ "ln -s ..data/$f /etc/mtls/$f; done && exec ";

	private Path work;

	private IssuedCertificate ca;

	private Network network;

	private final List<GenericContainer<?>> containers = new ArrayList<>();

	private GenericContainer<?> inventory;

	private GenericContainer<?> orders;

	private GenericContainer<?> edge;

	@BeforeAll
	void startMesh(@TempDir Path work) {
		requireDocker();
		// The host's curl and openssl talk to the containers: without them, don't start any.
		Tools.require("curl", "openssl");
		this.work = work;
		this.ca = new CertificateBuilder().subject("CN=Mesh Test CA").authority().issue();
		write("developer", this.ca, DEVELOPER, null);
		writeCertificates("ca.crt", this.ca);
		this.network = Network.newNetwork();
		this.inventory = service("inventory", "inventory-service", 8443, 9443, "https://orders:8444", this.ca,
				this.ca, "MTLS_PROXY_ENABLED=true", "MTLS_PROXY_HEADER=X-Client-Cert",
				"MTLS_PROXY_FORMAT=pem-url-encoded", "MTLS_PROXY_TRUSTEDPROXYPEERS_0=" + spiffeId("edge-proxy"));
		this.orders = service("orders", "orders-service", 8444, 9444, "https://inventory:8443", this.ca, this.ca);
		this.edge = edge();
		this.inventory.start();
		this.orders.start();
		this.edge.start();
	}

	@AfterAll
	void stopMesh() {
		for (GenericContainer<?> container : this.containers) {
			container.stop();
		}
		if (this.network != null) {
			this.network.close();
		}
	}

	@Test
	void ordersCallsInventoryAcrossTheNetwork() {
		String answer = curl(this.orders, 8444, "/upstream/whoami");
		assertThat(answer).as(logs()).contains("\"principal\":\"" + spiffeId("orders-service") + "\"")
			.contains("SCOPE_inventory:read");
	}

	@Test
	void aProxyContainerForwardsTheClientCertificateToInventory() {
		String answer = curl(this.edge, 8443, "/whoami");
		assertThat(answer).as(logs()).contains("\"principal\":\"" + DEVELOPER + "\"");
		assertThat(scrape(this.inventory, 9443)).contains("mtls_proxy_forwarded_total{outcome=\"forwarded\"");
	}

	@Test
	void aContainerWithACertificateFromAnotherCaIsRefused() {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		GenericContainer<?> intruder = service("intruder", "orders-service", 8444, 9444, "https://inventory:8443",
				otherCa, this.ca);
		intruder.start();
		String answer = curl(intruder, 8444, "/upstream/whoami", writeCertificates("other-ca.crt", otherCa));
		assertThat(answer).doesNotContain("principal");
		// The JDK client sees that inventory accepts only the mesh CA, so it presents no certificate at all.
		await(() -> scrape(this.inventory, 9443)
			.matches("(?s).*mtls_handshake_failures_total\\{reason=\"no-certificate\",side=\"server\"\\} [1-9].*"),
				() -> "inventory counts the intruder's refused handshake; intruder answered " + answer + "\n"
						+ intruder.getLogs() + "\n" + this.inventory.getLogs());
		intruder.stop();
	}

	@Test
	void inventoryPicksUpACertificateRotatedInItsRunningContainer() throws Exception {
		String startedAt = startedAt(this.inventory);
		String before = servedSerial(this.inventory);
		IssuedCertificate rotated = write("inventory-rotated", this.ca, spiffeId("inventory-service"), "inventory");
		this.inventory.copyFileToContainer(MountableFile.forHostPath(this.work.resolve("inventory-rotated.crt")),
				"/seed/v2/tls.crt");
		this.inventory.copyFileToContainer(MountableFile.forHostPath(this.work.resolve("inventory-rotated.key")),
				"/seed/v2/tls.key");
		// Kubernetes writes a new timestamped folder, points a temporary link at it and renames it over ..data.
		var swap = this.inventory.execInContainer("sh", "-c", "mkdir /etc/mtls/..v2 && cp /seed/v2/tls.crt "
				+ "/seed/v2/tls.key /etc/mtls/..v2/ && cp /seed/ca.crt /etc/mtls/..v2/ && ln -s ..v2 /etc/mtls/..data_tmp "
				+ "&& mv -T /etc/mtls/..data_tmp /etc/mtls/..data");
		assertThat(swap.getExitCode()).as(swap.getStderr()).isZero();
		String expected = rotated.certificate().getSerialNumber().toString(16);
		await(() -> servedSerial(this.inventory).equalsIgnoreCase(expected),
				() -> "inventory serves the rotated certificate\n" + this.inventory.getLogs());
		assertThat(before).isNotEqualToIgnoringCase(expected);
		assertThat(startedAt(this.inventory)).isEqualTo(startedAt);
		assertThat(curl(this.orders, 8444, "/upstream/whoami")).contains(spiffeId("orders-service"));
	}

	private GenericContainer<?> service(String alias, String service, int port, int managementPort, String upstream,
			IssuedCertificate issuer, IssuedCertificate trusted, String... environment) {
		write(alias, issuer, spiffeId(service), alias);
		writeCertificates(alias + "-ca.crt", trusted);
		String jar = System.getProperty(service.startsWith("orders") ? "orders.jar" : "inventory.jar");
		GenericContainer<?> container = new GenericContainer<>(ContainerImages.jre())
			.withNetwork(this.network)
			.withNetworkAliases(alias)
			.withCopyFileToContainer(MountableFile.forHostPath(jar), "/app/app.jar")
			.withCopyFileToContainer(MountableFile.forHostPath(this.work.resolve(alias + ".crt")), "/seed/tls.crt")
			.withCopyFileToContainer(MountableFile.forHostPath(this.work.resolve(alias + ".key")), "/seed/tls.key")
			.withCopyFileToContainer(MountableFile.forHostPath(this.work.resolve(alias + "-ca.crt")), "/seed/ca.crt")
			.withEnv("SPRING_PROFILES_ACTIVE", "container")
			.withEnv("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:TieredStopAtLevel=1")
			.withEnv("MTLS_IDENTITY_CERTIFICATE", "file:/etc/mtls/tls.crt")
			.withEnv("MTLS_IDENTITY_PRIVATEKEY", "file:/etc/mtls/tls.key")
			.withEnv("MTLS_TRUST_CERTIFICATES", "file:/etc/mtls/ca.crt")
			.withEnv("SAMPLE_UPSTREAMURL", upstream)
			.withExposedPorts(port, managementPort)
			.withCommand("sh", "-c", SECRET_VOLUME + "java -jar /app/app.jar")
			.waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(managementPort)
				.withStartupTimeout(Duration.ofMinutes(3)));
		for (String variable : environment) {
			int equals = variable.indexOf('=');
			container.withEnv(variable.substring(0, equals), variable.substring(equals + 1));
		}
		this.containers.add(container);
		return container;
	}

	private GenericContainer<?> edge() {
		write("edge", this.ca, spiffeId("edge-proxy"), "edge");
		Path configuration = this.work.resolve("nginx.conf");
		writeString(configuration, """
				worker_processes 1;
				daemon off;
				pid /tmp/nginx.pid;
				error_log stderr info;
				events { worker_connections 64; }
				http {
					access_log off;
					server {
						listen 8443 ssl;
						ssl_certificate /seed/tls.crt;
						ssl_certificate_key /seed/tls.key;
						ssl_client_certificate /seed/ca.crt;
						ssl_verify_client on;
						location / {
							proxy_pass https://inventory:8443;
							proxy_ssl_certificate /seed/tls.crt;
							proxy_ssl_certificate_key /seed/tls.key;
							proxy_ssl_trusted_certificate /seed/ca.crt;
							proxy_ssl_verify on;
							proxy_ssl_name inventory;
							proxy_ssl_server_name on;
							proxy_set_header X-Client-Cert $ssl_client_escaped_cert;
						}
					}
				}
				""");
		writeCertificates("edge-ca.crt", this.ca);
		GenericContainer<?> container = new GenericContainer<>(ContainerImages.nginx())
			.withNetwork(this.network)
			.withNetworkAliases("edge")
			.withCopyFileToContainer(MountableFile.forHostPath(this.work.resolve("edge.crt")), "/seed/tls.crt")
			.withCopyFileToContainer(MountableFile.forHostPath(this.work.resolve("edge.key")), "/seed/tls.key")
			.withCopyFileToContainer(MountableFile.forHostPath(this.work.resolve("edge-ca.crt")), "/seed/ca.crt")
			.withCopyFileToContainer(MountableFile.forHostPath(configuration), "/seed/nginx.conf")
			.withExposedPorts(8443)
			.withCommand("nginx", "-c", "/seed/nginx.conf")
			.waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(1)));
		this.containers.add(container);
		return container;
	}

	private String curl(GenericContainer<?> target, int port, String path) {
		return curl(target, port, path, this.work.resolve("ca.crt"));
	}

	private String curl(GenericContainer<?> target, int port, String path, Path caFile) {
		// --resolve: the host name is the container's network alias, which its certificate names.
		String host = target.getNetworkAliases().get(target.getNetworkAliases().size() - 1);
		return run("curl", "-sS", "--max-time", "20", "--resolve",
				host + ":" + target.getMappedPort(port) + ":127.0.0.1", "--cacert", caFile.toString(), "--cert",
				this.work.resolve("developer.crt").toString(), "--key", this.work.resolve("developer.key").toString(),
				"https://" + host + ":" + target.getMappedPort(port) + path);
	}

	private String scrape(GenericContainer<?> target, int managementPort) {
		return run("curl", "-sS", "--max-time", "10",
				"http://localhost:" + target.getMappedPort(managementPort) + "/actuator/prometheus");
	}

	private String servedSerial(GenericContainer<?> target) {
		String output = run("sh", "-c", "openssl s_client -connect 127.0.0.1:" + target.getMappedPort(8443)
				+ " -servername inventory </dev/null 2>/dev/null | openssl x509 -noout -serial");
		return output.strip().replaceFirst("^serial=", "").replaceFirst("^0+(?=.)", "");
	}

	private static String startedAt(GenericContainer<?> container) {
		return DockerClientFactory.instance()
			.client()
			.inspectContainerCmd(container.getContainerId())
			.exec()
			.getState()
			.getStartedAt();
	}

	private IssuedCertificate write(String name, IssuedCertificate issuer, String spiffeId, String dns) {
		CertificateBuilder builder = new CertificateBuilder().subject("CN=" + name).uri(spiffeId).issuedBy(issuer);
		if (dns != null) {
			builder.dns(dns);
		}
		IssuedCertificate certificate = builder.issue();
		certificate.writePem(this.work.resolve(name + ".crt"), this.work.resolve(name + ".key"));
		return certificate;
	}

	private Path writeCertificates(String name, IssuedCertificate... certificates) {
		StringBuilder pem = new StringBuilder();
		for (IssuedCertificate certificate : certificates) {
			pem.append(certificate.certificatePem());
		}
		Path file = this.work.resolve(name);
		writeString(file, pem.toString());
		return file;
	}

	private static void writeString(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String logs() {
		StringBuilder all = new StringBuilder();
		for (GenericContainer<?> container : this.containers) {
			if (container.isRunning()) {
				String log = container.getLogs();
				all.append("--- ").append(container.getNetworkAliases()).append('\n')
					.append(log, Math.max(0, log.length() - 4000), log.length());
			}
		}
		return all.toString();
	}

	private static String spiffeId(String service) {
		return "spiffe://" + TRUST_DOMAIN + "/ns/shop/sa/" + service;
	}

	private static void requireDocker() {
		boolean available;
		try {
			available = DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			available = false;
		}
		Tools.requireDocker(available);
	}

	private static void await(Supplier<Boolean> condition, Supplier<String> what) {
		try {
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(condition::get);
		}
		catch (ConditionTimeoutException ex) {
			// Described only now: the description carries the containers' logs at the time of failure.
			fail("Timed out waiting until " + what.get());
		}
	}

	private static String run(String... command) {
		Tools.requireFor(command);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + String.join(" ", command));
			}
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
