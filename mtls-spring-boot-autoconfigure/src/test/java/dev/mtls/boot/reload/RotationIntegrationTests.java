package dev.mtls.boot.reload;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.ReloadOutcome;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.SecretVolume;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Rotation through a Kubernetes-style secret volume while the server is under load, on Tomcat and
 * on Netty: no restart, no failed request, and bad updates keep the material in service.
 */
@ExtendWith(OutputCaptureExtension.class)
class RotationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@TempDir
	Path directory;

	private TestPki pki;

	private SecretVolume volume;

	private RunningPeer start(WebApplicationType type, IssuedCertificate identity, IssuedCertificate... trusted) {
		return start(type, "auto", identity, trusted);
	}

	private RunningPeer start(WebApplicationType type, String engine, IssuedCertificate identity,
			IssuedCertificate... trusted) {
		this.pki = (this.pki != null) ? this.pki : new TestPki(this.directory);
		this.volume = new SecretVolume(this.directory.resolve("secret"));
		this.volume.write(secret(identity, trusted));
		return RunningPeer.startWith(type, "--mtls.identity.certificate=file:" + this.volume.file("tls.crt"),
				"--mtls.identity.private-key=file:" + this.volume.file("tls.key"),
				"--mtls.trust.certificates=file:" + this.volume.file("ca.crt"), "--mtls.reload.quiet-period=100ms",
				"--mtls.server.engine=" + engine);
	}

	// Tomcat on both its engines; Reactor Netty on BoringSSL ('auto' with tcnative on the test classpath).
	@ParameterizedTest
	@CsvSource({ "SERVLET, jdk", "SERVLET, openssl", "REACTIVE, auto" })
	void rotatesIdentityAndTrustUnderLoadWithoutFailedRequests(WebApplicationType type, String engine)
			throws Exception {
		this.pki = new TestPki(this.directory);
		IssuedCertificate extraCa = new CertificateBuilder().subject("CN=Extra CA").authority().issue();
		try (RunningPeer app = start(type, engine, this.pki.server("app"), this.pki.root())) {
			WebClient builtBefore = app.context().getBean(WebClient.Builder.class).build();
			// Imperative clients are auto-configured in servlet applications only.
			boolean servlet = type == WebApplicationType.SERVLET;
			RestClient restClientBuiltBefore = servlet ? app.context().getBean(RestClient.Builder.class).build() : null;
			RestTemplate restTemplateBuiltBefore = servlet ? app.context().getBean(RestTemplateBuilder.class).build()
					: null;
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicInteger requests = new AtomicInteger();
			ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
			List<Thread> load = new ArrayList<>();
			TlsClient client = TlsClient.presenting(this.pki.client("load"), this.pki.root());
			for (int i = 0; i < 4; i++) {
				boolean keepAlive = i % 2 == 0;
				Thread thread = new Thread(() -> {
					HttpClient shared = client.httpClient();
					while (running.get()) {
						try {
							HttpClient http = keepAlive ? shared : client.httpClient();
							HttpResponse<String> response = http.send(
									HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + "/whoami"))
										.build(),
									HttpResponse.BodyHandlers.ofString());
							if (response.statusCode() != 200) {
								failures.add("status " + response.statusCode());
							}
							requests.incrementAndGet();
						}
						catch (IOException | InterruptedException ex) {
							failures.add(ex.toString());
						}
					}
				});
				thread.start();
				load.add(thread);
			}
			IssuedCertificate current = null;
			for (int rotation = 1; rotation <= 10; rotation++) {
				current = this.pki.server("app");
				IssuedCertificate[] trusted = (rotation % 2 == 0) ? new IssuedCertificate[] { this.pki.root() }
						: new IssuedCertificate[] { this.pki.root(), extraCa };
				this.volume.write(secret(current, trusted));
				BigInteger serial = current.certificate().getSerialNumber();
				await().atMost(WAIT).until(() -> serial.equals(servedCertificate(app).getSerialNumber()));
			}
			running.set(false);
			for (Thread thread : load) {
				thread.join(10_000);
			}
			assertThat(failures).isEmpty();
			assertThat(requests.get()).isGreaterThan(50);
			assertThat(servedCertificate(app)).isEqualTo(current.certificate());
			assertThat(app.context().getBean(MtlsMaterial.class).lastReload().success()).isTrue();
			// A client built before the rotations presents the newest identity.
			String peer = builtBefore.get()
				.uri("https://localhost:" + app.port() + "/peer")
				.retrieve()
				.bodyToMono(String.class)
				.block();
			String newest = " " + current.certificate().getSerialNumber().toString(16);
			assertThat(peer).endsWith(newest);
			if (servlet) {
				assertThat(restTemplateBuiltBefore.getForObject("https://localhost:" + app.port() + "/peer",
						String.class))
					.endsWith(newest);
				assertThat(restClientBuiltBefore.get()
					.uri("https://localhost:" + app.port() + "/peer")
					.retrieve()
					.body(String.class)).endsWith(newest);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void trustRotationLetsNewCaInAndRemovedCaOut(WebApplicationType type) throws Exception {
		this.pki = new TestPki(this.directory);
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		IssuedCertificate identity = this.pki.server("app");
		TlsClient otherClient = TlsClient.presenting(this.pki.client("partner", otherCa), this.pki.root());
		try (RunningPeer app = start(type, identity, this.pki.root())) {
			assertThat(accepted(otherClient, app)).isFalse();
			this.volume.write(secret(identity, this.pki.root(), otherCa));
			await().atMost(WAIT).until(() -> accepted(otherClient, app));
			this.volume.write(secret(identity, this.pki.root()));
			// A resumed session skips certificate checks: its requests are refused with 401 ...
			await().atMost(WAIT).until(() -> !accepted(otherClient, app));
			// ... and a full handshake is refused outright.
			TlsClient fresh = TlsClient.presenting(this.pki.client("partner", otherCa), this.pki.root());
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> fresh.get(app.port(), "/whoami"));
		}
	}

	@ParameterizedTest
	@CsvSource({ "SERVLET, jdk", "SERVLET, openssl", "REACTIVE, auto" })
	void serversAnnounceTheRotatedTrustSetToClients(WebApplicationType type, String engine) throws Exception {
		// Clients choose their certificate from the CA names the server sends (OpenSSL builds that
		// list only with a new SSL context, so that context is rebuilt on reload).
		this.pki = new TestPki(this.directory);
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		IssuedCertificate identity = this.pki.server("app");
		try (RunningPeer app = start(type, engine, identity, this.pki.root())) {
			assertThat(acceptableCaNames(app)).contains("CN = Test Root CA").doesNotContain("CN = Other CA");
			this.volume.write(secret(identity, this.pki.root(), otherCa));
			await().atMost(WAIT).until(() -> acceptableCaNames(app).contains("CN = Other CA"));
		}
	}

	private static String acceptableCaNames(RunningPeer app) {
		String output = Command.run("sh", "-c", "openssl s_client -connect localhost:" + app.port() + " </dev/null")
			.output();
		int start = output.indexOf("Acceptable client certificate CA names");
		return (start >= 0) ? output.substring(start, output.indexOf("---", start)) : "";
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET" })
	void badUpdatesKeepMaterialInServiceAndAreRetried(WebApplicationType type, CapturedOutput output)
			throws Exception {
		this.pki = new TestPki(this.directory);
		IssuedCertificate first = this.pki.server("app");
		try (RunningPeer app = start(type, first, this.pki.root())) {
			MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
			IssuedCertificate other = this.pki.server("other");
			IssuedCertificate expired = new CertificateBuilder().subject("CN=app")
				.dns("localhost")
				.validity(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)))
				.issuedBy(this.pki.root())
				.issue();
			List<Map<String, String>> badUpdates = List.of(
					Map.of("tls.crt", "-----BEGIN CERTIFICATE-----\nhalf-written", "tls.key", first.privateKeyPem(),
							"ca.crt", this.pki.root().certificatePem()),
					Map.of("tls.crt", first.chainPem(), "tls.key", other.privateKeyPem(), "ca.crt",
							this.pki.root().certificatePem()),
					secret(expired, this.pki.root()));
			List<String> expectedErrors = List.of("mtls.identity.certificate", "does not match the certificate",
					"expired at");
			for (int i = 0; i < badUpdates.size(); i++) {
				Instant before = Instant.now();
				this.volume.write(badUpdates.get(i));
				await().atMost(WAIT)
					.until(() -> material.lastReload() != null && material.lastReload().time().isAfter(before));
				assertThat(material.lastReload().success()).isFalse();
				assertThat(material.lastReload().error()).contains(expectedErrors.get(i));
				assertThat(servedCertificate(app)).isEqualTo(first.certificate());
			}
			assertThat(output).contains("mTLS reload refused, keeping the previous identity and trust set")
				.contains("does not match the certificate in mtls.identity.certificate");
			IssuedCertificate renewed = this.pki.server("app");
			this.volume.write(secret(renewed, this.pki.root()));
			await().atMost(WAIT).until(() -> renewed.certificate().equals(servedCertificate(app)));
			assertThat(material.lastReload().success()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "REACTIVE" })
	void followsInPlaceRewritesAndMoveReplacementsOfPlainFiles(WebApplicationType type) throws Exception {
		this.pki = new TestPki(this.directory);
		Path certificate = this.pki.write("plain", this.pki.server("app"));
		Path ca = this.pki.writeCertificates("plain-ca.crt", this.pki.root());
		try (RunningPeer app = RunningPeer.startWith(type, "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + this.pki.key("plain"), "--mtls.trust.certificates=file:" + ca,
				"--mtls.reload.quiet-period=100ms")) {
			// In place: the key first, then the certificate, as a careless script would; the
			// half-done state in between is refused and the quiet period usually hides it.
			IssuedCertificate rewritten = this.pki.server("app");
			Files.writeString(this.pki.key("plain"), rewritten.privateKeyPem());
			Files.writeString(certificate, rewritten.chainPem());
			await().atMost(WAIT).until(() -> rewritten.certificate().equals(servedCertificate(app)));
			// mv: new files written beside, then renamed over the old ones.
			IssuedCertificate moved = this.pki.server("app");
			Path staged = this.pki.write("staged", moved);
			Files.move(this.pki.key("staged"), this.pki.key("plain"), StandardCopyOption.REPLACE_EXISTING);
			Files.move(staged, certificate, StandardCopyOption.REPLACE_EXISTING);
			await().atMost(WAIT).until(() -> moved.certificate().equals(servedCertificate(app)));
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET" })
	void reloadsOnDemandWhenWatchingIsOff(WebApplicationType type) throws Exception {
		this.pki = new TestPki(this.directory);
		Path certificate = this.pki.write("manual", this.pki.server("app"));
		Path ca = this.pki.writeCertificates("manual-ca.crt", this.pki.root());
		try (RunningPeer app = RunningPeer.startWith(type, "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + this.pki.key("manual"), "--mtls.trust.certificates=file:" + ca,
				"--mtls.reload.enabled=false")) {
			MtlsMaterial material = app.context().getBean(MtlsMaterial.class);
			X509Certificate before = servedCertificate(app);
			this.pki.write("manual", this.pki.server("app"));
			// Watching is off: the rewritten files are not served until asked for.
			await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> before.equals(servedCertificate(app)));
			ReloadOutcome outcome = material.reload();
			assertThat(outcome.success()).isTrue();
			assertThat(servedCertificate(app).getSerialNumber().toString(16)).isEqualTo(outcome.serial())
				.isNotEqualTo(before.getSerialNumber().toString(16));
		}
	}

	private Map<String, String> secret(IssuedCertificate identity, IssuedCertificate... trusted) {
		StringBuilder ca = new StringBuilder();
		for (IssuedCertificate certificate : trusted) {
			ca.append(certificate.certificatePem());
		}
		return Map.of("tls.crt", identity.chainPem(), "tls.key", identity.privateKeyPem(), "ca.crt", ca.toString());
	}

	private boolean accepted(TlsClient client, RunningPeer app) {
		try {
			return client.get(app.port(), "/whoami").statusCode() == 200;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	private X509Certificate servedCertificate(RunningPeer app) {
		TlsClient probe = TlsClient.presenting(this.pki.client("probe"), this.pki.root());
		try (SSLSocket socket = (SSLSocket) probe.sslContext().getSocketFactory().createSocket("localhost", app.port())) {
			socket.startHandshake();
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}


}
