package dev.mtls.boot.spiffe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import dev.mtls.boot.testing.WorkloadApiServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications fed by SPIFFE Workload API servers (one "agent" each, on Unix sockets) talk
 * mutual TLS: the client application calls the server by its SPIFFE ID (its SVID names no host),
 * rotations reach the next handshake, a federated trust domain's CA vouches only for its own
 * domain, and losing the agent keeps the last SVID until it expires, reported in health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpiffeIdentityIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String SERVER_ID = TestPki.spiffeId("inventory");

	private static final String CLIENT_ID = TestPki.spiffeId("orders");

	private TestPki pki;

	private IssuedCertificate partnerCa;

	private WorkloadApiServer serverAgent;

	private WorkloadApiServer clientAgent;

	private RunningPeer server;

	private RunningPeer client;

	private RestClient restClient;

	@BeforeAll
	void start(@TempDir Path directory) {
		this.pki = new TestPki(directory);
		this.partnerCa = new CertificateBuilder().subject("CN=Partner CA").authority().uri("spiffe://partner.example").issue();
		this.serverAgent = WorkloadApiServer.start(directory.resolve("server-agent.sock"));
		this.serverAgent.issue(SERVER_ID, svid(SERVER_ID, this.pki.root()), this.pki.root().certificate());
		this.clientAgent = WorkloadApiServer.start(directory.resolve("client-agent.sock"));
		this.clientAgent.issue(CLIENT_ID, svid(CLIENT_ID, this.pki.root()), this.pki.root().certificate());
		this.server = RunningPeer.startWith(WebApplicationType.SERVLET, "--mtls.identity.spiffe.enabled=true",
				"--mtls.identity.spiffe.endpoint-socket=" + this.serverAgent.address(),
				"--mtls.identity.spiffe.max-reconnect-delay=500ms",
				// A new connection for every request: each one shows the server's SVID of the moment.
				"--server.tomcat.max-keep-alive-requests=1");
		this.client = RunningPeer.startWith(WebApplicationType.NONE, "--mtls.identity.spiffe.enabled=true",
				"--mtls.identity.spiffe.endpoint-socket=" + this.clientAgent.address(),
				"--mtls.client.spiffe.expected-ids=spiffe://test.example/ns/*/sa/inventory",
				"--spring.http.clients.imperative.factory=jdk");
		this.restClient = this.client.context().getBean(RestClient.Builder.class).build();
	}

	@AfterAll
	void stop() {
		this.client.close();
		this.server.close();
		this.serverAgent.close();
		this.clientAgent.close();
	}

	@Test
	@Order(1)
	void clientCallsTheServerByItsSpiffeIdThoughItsSvidNamesNoHost() {
		assertThat(call()).isEqualTo(CLIENT_ID + " " + serial(this.client));
		WebClient webClient = this.client.context().getBean(WebClient.Builder.class).build();
		assertThat(webClient.get()
			.uri("https://localhost:" + this.server.port() + "/peer")
			.retrieve()
			.bodyToMono(String.class)
			.block(WAIT)).as("WebClient on Reactor Netty").isEqualTo(CLIENT_ID + " " + serial(this.client));
	}

	@Test
	@Order(2)
	void clientVerifiesTheServersSpiffeIdInsteadOfItsHostName() throws Exception {
		MtlsMaterial clientMaterial = this.client.context().getBean(MtlsMaterial.class);
		assertThat(handshakeFromClient()).as("expected ID, no DNS name").isEqualTo(SERVER_ID);
		String impostor = TestPki.spiffeId("impostor");
		try {
			issueTo(this.serverAgent, this.server, impostor);
			assertThat(handshakeFromClient()).startsWith("refused");
			assertThat(clientMaterial.recentRefusals().get(0).toString())
				.contains("server " + impostor + " is not one of mtls.client.spiffe.expected-ids");
		}
		finally {
			issueTo(this.serverAgent, this.server, SERVER_ID);
		}
	}

	@Test
	@Order(3)
	void rotatedSvidsAreSeenByTheNextHandshake() throws Exception {
		IssuedCertificate serverSvid = issueTo(this.serverAgent, this.server, SERVER_ID);
		TlsClient tls = TlsClient.presenting(svid(TestPki.spiffeId("probe"), this.pki.root()), this.pki.root());
		assertThat(serverCertificate(tls).getSerialNumber()).isEqualTo(serverSvid.certificate().getSerialNumber());
		IssuedCertificate clientSvid = issueTo(this.clientAgent, this.client, CLIENT_ID);
		assertThat(call()).isEqualTo(CLIENT_ID + " " + clientSvid.certificate().getSerialNumber().toString(16));
		assertThat(this.server.context().getBean(MtlsMaterial.class).lastReload().success()).isTrue();
	}

	@Test
	@Order(4)
	void aFederatedTrustDomainsCaVouchesOnlyForItsOwnDomain() throws Exception {
		MtlsMaterial material = this.server.context().getBean(MtlsMaterial.class);
		TlsClient partner = TlsClient.presenting(svid("spiffe://partner.example/billing", this.partnerCa),
				this.pki.root());
		TlsClient impostor = TlsClient.presenting(svid(TestPki.spiffeId("admin-impostor"), this.partnerCa),
				this.pki.root());
		assertThat(get(partner)).as("before federation").startsWith("refused");
		this.serverAgent.federate("partner.example", this.partnerCa.certificate());
		await().atMost(WAIT).until(() -> material.trust().anchors().contains(this.partnerCa.certificate()));
		assertThat(get(partner)).isEqualTo("HTTP/1.1 200 spiffe://partner.example/billing");
		assertThat(get(impostor)).startsWith("refused");
		assertThat(material.recentRefusals().get(0).toString()).contains("admin-impostor")
			.contains("is not issued by a CA of its own trust domain test.example");
		this.serverAgent.unfederate("partner.example");
		await().atMost(WAIT).until(() -> !material.trust().anchors().contains(this.partnerCa.certificate()));
		TlsClient partnerAgain = TlsClient.presenting(svid("spiffe://partner.example/billing", this.partnerCa),
				this.pki.root());
		assertThat(get(partnerAgain)).as("after federation ended").startsWith("refused");
		// A TLS session resumed from before is not a way around it: the peer is verified again.
		assertThat(get(partner)).as("resumed session").isEqualTo("HTTP/1.1 401 401");
	}

	@Test
	@Order(5)
	void anExpiredPushIsRefusedAndTheSvidInServiceKept() {
		MtlsMaterial material = this.server.context().getBean(MtlsMaterial.class);
		X509Certificate before = material.identity().certificate();
		IssuedCertificate expired = new CertificateBuilder().subject("CN=expired")
			.uri(SERVER_ID)
			.validity(Instant.now().minus(Duration.ofHours(2)), Instant.now().minus(Duration.ofHours(1)))
			.issuedBy(this.pki.root())
			.issue();
		this.serverAgent.issue(SERVER_ID, expired, this.pki.root().certificate());
		await().atMost(WAIT).until(() -> material.lastReload() != null && !material.lastReload().success());
		assertThat(material.lastReload().error()).contains("mtls.identity.spiffe").contains("expired");
		assertThat(material.identity().certificate()).isEqualTo(before);
		assertThat(call()).startsWith(CLIENT_ID);
		MeterRegistry meters = this.server.context().getBean(MeterRegistry.class);
		assertThat(meters.get("mtls.reloads").tag("outcome", "failure").counter().count()).isPositive();
		assertThat(meters.get("mtls.reloads").tag("outcome", "success").counter().count()).isPositive();
	}

	@Test
	@Order(6)
	void startupFailsNamingTheSocketWhenTheAgentIssuesNoSvid(@TempDir Path directory) {
		try (WorkloadApiServer unregistered = WorkloadApiServer.start(directory.resolve("unregistered.sock"))) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsSpiffeAutoConfiguration.class,
						MtlsAutoConfiguration.class))
				.withPropertyValues("mtls.identity.spiffe.enabled=true",
						"mtls.identity.spiffe.endpoint-socket=" + unregistered.address(),
						"mtls.identity.spiffe.initial-fetch-timeout=1s")
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(FailureAnalyzedException.class)
					.hasMessage("Invalid mTLS configuration: mtls.identity.spiffe.endpoint-socket '"
							+ unregistered.address() + "': no X.509-SVID arrived from the SPIFFE Workload API within PT1S."));
		}
	}

	@Test
	@Order(7)
	void losingTheAgentKeepsTheLastSvidUntilItExpiresAndReportsIt() throws Exception {
		MtlsMaterial material = this.server.context().getBean(MtlsMaterial.class);
		HealthIndicator health = this.server.context().getBean("mtlsHealthIndicator", HealthIndicator.class);
		Instant notAfter = Instant.now().plusSeconds(6);
		IssuedCertificate shortLived = new CertificateBuilder().subject("CN=inventory")
			.uri(SERVER_ID)
			.validity(Instant.now().minus(Duration.ofMinutes(1)), notAfter)
			.issuedBy(this.pki.root())
			.issue();
		this.serverAgent.issue(SERVER_ID, shortLived, this.pki.root().certificate());
		await().atMost(WAIT).until(() -> material.identity().certificate().equals(shortLived.certificate()));
		this.serverAgent.stop();
		await().atMost(WAIT).until(() -> Boolean.FALSE.equals(material.sourceState().get("connected")));
		assertThat(material.identity().certificate()).as("kept").isEqualTo(shortLived.certificate());
		assertThat(call()).startsWith(CLIENT_ID);
		Health lost = health.health(true);
		assertThat(lost.getStatus()).isEqualTo(Status.UP);
		assertThat(source(lost)).containsEntry("name", "spiffe").containsKey("lostSince").containsKey("error");
		assertThat(lost.getDetails().get("warnings").toString()).contains("identity source spiffe");
		await().atMost(WAIT).until(() -> Instant.now().isAfter(notAfter)
				&& String.valueOf(material.sourceState().get("error")).contains("expired"));
		Health expired = health.health(true);
		assertThat(expired.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(source(expired).get("error").toString()).contains("X.509-SVID expired at")
			.contains("while the Workload API is unreachable: Cancelling X.509 Context watch: UNAVAILABLE");
		this.serverAgent.restart();
		IssuedCertificate fresh = issueTo(this.serverAgent, this.server, SERVER_ID);
		assertThat(material.sourceState()).containsEntry("connected", true).doesNotContainKey("error");
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		assertThat(fresh).isNotNull();
	}

	private String call() {
		return this.restClient.get()
			.uri("https://localhost:" + this.server.port() + "/peer")
			.retrieve()
			.body(String.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> source(Health health) {
		return (Map<String, Object>) health.getDetails().get("source");
	}

	private IssuedCertificate issueTo(WorkloadApiServer agent, RunningPeer app, String spiffeId) {
		IssuedCertificate svid = svid(spiffeId, this.pki.root());
		agent.issue(spiffeId, svid, this.pki.root().certificate());
		MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
		await().atMost(WAIT).until(() -> material.identity().certificate().equals(svid.certificate()));
		return svid;
	}

	private static String serial(RunningPeer app) {
		return app.context().getBean(MtlsMaterial.class).identity().certificate().getSerialNumber().toString(16);
	}

	// X.509-SVIDs as SPIRE issues them: a SPIFFE ID and no DNS name.
	private static IssuedCertificate svid(String spiffeId, IssuedCertificate ca) {
		return new CertificateBuilder().subject("CN=" + spiffeId.substring(spiffeId.lastIndexOf('/') + 1))
			.uri(spiffeId)
			.issuedBy(ca)
			.issue();
	}

	// A new handshake with the client application's own TLS material, host name verification asked for.
	private String handshakeFromClient() throws IOException, CertificateParsingException {
		MtlsMaterial material = this.client.context().getBean(MtlsMaterial.class);
		try (SSLSocket socket = (SSLSocket) material.bundle().createSslContext().getSocketFactory()
			.createSocket("localhost", this.server.port())) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
			return certificate.getSubjectAlternativeNames().iterator().next().get(1).toString();
		}
		catch (SSLException ex) {
			return "refused: " + ex;
		}
	}

	private X509Certificate serverCertificate(TlsClient tls) throws IOException {
		try (SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory().createSocket("localhost",
				this.server.port())) {
			socket.startHandshake();
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
	}

	// A raw HTTP/1.1 request on a new connection (the server's SVID names no host to verify).
	private String get(TlsClient tls) {
		try (SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory().createSocket("localhost",
				this.server.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /peer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String status = response.lines().findFirst().orElse("");
			String body = response.substring(response.indexOf("\r\n\r\n") + 4).trim();
			return status.substring(0, Math.min(status.length(), 12)) + " " + body.split(" ")[0];
		}
		catch (IOException ex) {
			return "refused: " + ex;
		}
	}

}
