package dev.mtls.boot.revocation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpServer;
import dev.mtls.boot.core.PresentingKeyManager;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.KeptAliveConnection;
import dev.mtls.boot.testing.OcspResponder;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Revocation with real peers: CRLs from files and from a local HTTP server, and {@code openssl
 * ocsp} as the OCSP responder, on Tomcat and Netty; clients opt in to checking servers.
 */
@ExtendWith(OutputCaptureExtension.class)
class RevocationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate good;

	private IssuedCertificate revoked;

	@BeforeEach
	void pki() {
		this.pki = new TestPki(this.directory);
		this.good = this.pki.client("good");
		this.revoked = this.pki.client("revoked");
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void crlFileRefusesRevokedClient(WebApplicationType type, CapturedOutput output) throws Exception {
		Path crl = write("root.crl", TestPki.crl(this.pki.root(), Duration.ofDays(1), this.revoked));
		try (RunningPeer app = start(type, "--mtls.revocation.mode=crl", "--mtls.revocation.crl-locations=file:" + crl)) {
			assertAccepted(this.good, app);
			assertRefused(this.revoked, app);
			assertThat(output).contains("subject=\"CN=revoked\"").contains("reason=revoked");
		}
	}

	@Test
	void crlUpdatedWhileRunningRefusesNewlyRevokedClient() throws Exception {
		Path crl = write("root.crl", TestPki.crl(this.pki.root(), Duration.ofDays(1)));
		try (RunningPeer app = start(WebApplicationType.SERVLET, "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + crl, "--mtls.reload.quiet-period=100ms")) {
			TlsClient client = TlsClient.presenting(this.good, this.pki.root());
			assertThat(client.get(app.port(), "/whoami").statusCode()).isEqualTo(200);
			write("root.crl", TestPki.crl(this.pki.root(), Duration.ofDays(1), this.good));
			// Its resumed session is refused with 401 once the CRL is in ...
			await().atMost(WAIT).until(() -> status(client, app) == 401);
			// ... and a full handshake outright.
			assertRefused(this.good, app);
		}
	}

	@Test
	void crlOverHttpFromLocalServer() throws Exception {
		AtomicReference<String> served = new AtomicReference<>(TestPki.crl(this.pki.root(), Duration.ofDays(1), this.revoked));
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/root.crl", (exchange) -> {
			byte[] body = served.get().getBytes(StandardCharsets.US_ASCII);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try (RunningPeer app = start(WebApplicationType.REACTIVE, "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=http://127.0.0.1:" + server.getAddress().getPort() + "/root.crl",
				"--mtls.revocation.cache-ttl=1s")) {
			assertAccepted(this.good, app);
			assertRefused(this.revoked, app);
			// The HTTP CRL is fetched again after the TTL: now the good client is revoked too.
			served.set(TestPki.crl(this.pki.root(), Duration.ofDays(1), this.revoked, this.good));
			await().atMost(WAIT).until(() -> !accepted(TlsClient.presenting(this.good, this.pki.root()), app));
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void revokedIntermediateRefusesTheClientsItIssued() throws Exception {
		IssuedCertificate underIntermediate = this.pki.client("leaf", this.pki.intermediate());
		Path rootCrl = write("root.crl", TestPki.crl(this.pki.root(), Duration.ofDays(1), this.pki.intermediate()));
		Path intermediateCrl = write("intermediate.crl", TestPki.crl(this.pki.intermediate(), Duration.ofDays(1)));
		try (RunningPeer app = start(WebApplicationType.SERVLET, "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + rootCrl + ",file:" + intermediateCrl)) {
			assertRefused(underIntermediate, app);
			assertAccepted(this.good, app);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void ocspResponderAnswersGoodRevokedAndUnknown(WebApplicationType type, CapturedOutput output) throws Exception {
		IssuedCertificate unknown = this.pki.client("unknown");
		try (OcspResponder responder = OcspResponder.start(this.directory, this.pki.root(),
				new IssuedCertificate[] { this.good }, new IssuedCertificate[] { this.revoked });
				RunningPeer app = start(type, "--mtls.revocation.mode=ocsp",
						"--mtls.revocation.ocsp-responder=" + responder.url())) {
			assertAccepted(this.good, app);
			assertRefused(this.revoked, app);
			assertRefused(unknown, app);
			assertThat(output).contains("subject=\"CN=revoked\"").contains("reason=revoked");
			assertThat(output).contains("subject=\"CN=unknown\"").contains("Revocation status unknown");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void paddedChainWithoutTheKeyDoesNotLockTheVictimOut(WebApplicationType type) throws Exception {
		IssuedCertificate attacker = this.pki.selfSignedCopyOf("attacker");
		try (OcspResponder responder = OcspResponder.start(this.directory, this.pki.root(),
				new IssuedCertificate[] { this.good }, new IssuedCertificate[] { this.revoked });
				RunningPeer app = start(type, "--mtls.revocation.mode=ocsp",
						"--mtls.revocation.ocsp-responder=" + responder.url())) {
			// The victim's public certificate padded with the attacker's own, signed with the
			// attacker's key: the handshake fails at CertificateVerify, but only after the trust
			// manager, and so the revocation check, has run on the chain.
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(
					List.of(this.good.certificate(), attacker.certificate()), attacker.privateKey(), app));
			assertThat(app.context().getBean(RevocationState.class).cachedAnswers()).isEqualTo(1);
			assertAccepted(this.good, app);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void revokedCertificatePaddedWithAnotherIsRefusedWithSoftFail(WebApplicationType type) throws Exception {
		IssuedCertificate padding = this.pki.selfSignedCopyOf("padding");
		try (OcspResponder responder = OcspResponder.start(this.directory, this.pki.root(),
				new IssuedCertificate[] { this.good }, new IssuedCertificate[] { this.revoked });
				RunningPeer app = start(type, "--mtls.revocation.mode=ocsp", "--mtls.revocation.soft-fail=true",
						"--mtls.revocation.ocsp-responder=" + responder.url())) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(
					List.of(this.revoked.certificate(), padding.certificate()), this.revoked.privateKey(), app));
			assertRefused(this.revoked, app);
			assertAccepted(this.good, app);
		}
	}

	@Test
	void deadResponderIsRefusedWithHardFail() throws Exception {
		try (RunningPeer app = start(WebApplicationType.SERVLET, "--mtls.revocation.mode=ocsp",
				"--mtls.revocation.ocsp-responder=http://127.0.0.1:" + OcspResponder.freePort())) {
			assertRefused(this.good, app);
		}
	}

	@Test
	void deadResponderIsAllowedAndLoggedWithSoftFail(CapturedOutput output) throws Exception {
		try (RunningPeer app = start(WebApplicationType.REACTIVE, "--mtls.revocation.mode=ocsp",
				"--mtls.revocation.soft-fail=true",
				"--mtls.revocation.ocsp-responder=http://127.0.0.1:" + OcspResponder.freePort())) {
			assertAccepted(this.good, app);
			assertThat(output).contains("allowed because mtls.revocation.soft-fail=true");
		}
	}

	@Test
	void slowResponderCostsOneBoundedTimeout() throws Exception {
		List<Socket> held = new CopyOnWriteArrayList<>();
		try (ServerSocket silent = new ServerSocket(0);
				RunningPeer app = start(WebApplicationType.SERVLET, "--mtls.revocation.mode=ocsp",
						"--mtls.revocation.soft-fail=true", "--mtls.revocation.timeout=500ms",
						"--mtls.revocation.ocsp-responder=http://127.0.0.1:" + silent.getLocalPort())) {
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						held.add(silent.accept());
					}
				}
				catch (IOException ex) {
					// closed
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			Instant start = Instant.now();
			assertAccepted(this.good, app);
			// The handshake waited for the timeout, not for the responder.
			assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(450))
				.isLessThan(Duration.ofSeconds(5));
			// The next handshakes of this certificate reuse the answer: no second lookup.
			assertAccepted(this.good, TlsClient.presenting(this.good, this.pki.root()), app);
			assertAccepted(this.good, TlsClient.presenting(this.good, this.pki.root()), app);
			assertThat(held).hasSize(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "openssl" })
	void lookupWaitingForTheResponderDoesNotHoldUpOtherConnectionsOnNetty(String engine) throws Exception {
		IssuedCertificate waiting = this.pki.client("waiting");
		ExecutorService background = Executors.newSingleThreadExecutor();
		try (OcspResponder openssl = OcspResponder.start(this.directory, this.pki.root(),
				new IssuedCertificate[] { this.good, waiting }, new IssuedCertificate[0]);
				HoldingResponder responder = new HoldingResponder(openssl);
				RunningPeer app = start(WebApplicationType.REACTIVE, "--mtls.server.engine=" + engine,
						"--mtls.revocation.mode=ocsp", "--mtls.revocation.timeout=60s",
						"--mtls.revocation.ocsp-responder=" + responder.url())) {
			assertAccepted(this.good, app);
			responder.holdNext();
			Future<Integer> held = background.submit(() -> {
				try (KeptAliveConnection connection = KeptAliveConnection
					.open(TlsClient.presenting(waiting, this.pki.root()), app.port())) {
					return connection.get("/whoami");
				}
			});
			assertThat(responder.awaitHeld()).as("lookup reached the responder").isTrue();
			// That handshake now waits in the trust manager for its lookup.
			assertOtherConnectionsServedWhileHeld(app, responder);
			assertThat(held).isNotDone();
			responder.release();
			assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		}
		finally {
			background.shutdownNow();
		}
	}

	@Test
	void peerVerifiedAgainOnItsOpenConnectionDoesNotHoldUpOtherConnectionsOnNetty() throws Exception {
		ExecutorService background = Executors.newSingleThreadExecutor();
		IssuedCertificate waiting = this.pki.client("waiting");
		try (OcspResponder openssl = OcspResponder.start(this.directory, this.pki.root(),
				new IssuedCertificate[] { this.good, waiting }, new IssuedCertificate[0]);
				HoldingResponder responder = new HoldingResponder(openssl);
				RunningPeer app = start(WebApplicationType.REACTIVE, "--mtls.revocation.mode=ocsp",
						"--mtls.revocation.timeout=60s", "--mtls.revocation.cache-ttl=1s",
						"--mtls.revocation.ocsp-responder=" + responder.url());
				KeptAliveConnection connection = KeptAliveConnection
					.open(TlsClient.presenting(waiting, this.pki.root()), app.port())) {
			assertThat(connection.get("/whoami")).isEqualTo(200);
			Thread.sleep(1500);
			// Past the answer's TTL: the next request verifies the peer again, whose lookup is held.
			responder.holdNext();
			Future<Integer> held = background.submit(() -> connection.get("/whoami"));
			assertThat(responder.awaitHeld()).as("lookup reached the responder").isTrue();
			assertOtherConnectionsServedWhileHeld(app, responder);
			assertThat(held).isNotDone();
			responder.release();
			assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		}
		finally {
			background.shutdownNow();
		}
	}

	/**
	 * Connections accepted next go round all event loops, the held one's included: each completes a
	 * full handshake and a request while the responder still holds the lookup.
	 */
	private void assertOtherConnectionsServedWhileHeld(RunningPeer app, HoldingResponder responder) throws Exception {
		for (int i = 0; i < 2 * LoopResources.DEFAULT_IO_WORKER_COUNT; i++) {
			assertAccepted(this.good, app);
		}
		assertThat(responder.isHolding()).isTrue();
	}

	@Test
	void clientsCheckServerCertificatesWhenAskedTo() throws Exception {
		IssuedCertificate revokedServer = this.pki.server("revoked-server");
		Path crl = write("root.crl", TestPki.crl(this.pki.root(), Duration.ofDays(1), revokedServer));
		try (RunningPeer server = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "server", revokedServer);
				RunningPeer checking = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "checking",
						this.pki.server("checking"), "--mtls.revocation.mode=crl",
						"--mtls.revocation.crl-locations=file:" + crl, "--mtls.revocation.check-servers=true");
				RunningPeer trusting = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "trusting",
						this.pki.server("trusting"), "--mtls.revocation.mode=crl",
						"--mtls.revocation.crl-locations=file:" + crl)) {
			String url = "https://localhost:" + server.port() + "/whoami";
			assertThatException().isThrownBy(() -> client(checking).get().uri(url).retrieve().body(String.class))
				.withStackTraceContaining("revoked");
			assertThatException()
				.isThrownBy(() -> checking.context().getBean(RestTemplateBuilder.class).build().getForObject(url, String.class))
				.withStackTraceContaining("revoked");
			assertThatException()
				.isThrownBy(() -> checking.context()
					.getBean(WebClient.Builder.class)
					.build()
					.get()
					.uri(url)
					.retrieve()
					.bodyToMono(String.class)
					.block())
				.withStackTraceContaining("revoked");
			assertThat(client(trusting).get().uri(url).retrieve().body(String.class))
				.contains(TestPki.spiffeId("trusting"));
		}
	}

	private static RestClient client(RunningPeer peer) {
		return peer.context().getBean(RestClient.Builder.class).build();
	}

	private RunningPeer start(WebApplicationType type, String... arguments) {
		return RunningPeer.start(type, this.pki, "app", this.pki.server("app"), arguments);
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

	private void assertAccepted(IssuedCertificate client, RunningPeer app) throws Exception {
		assertAccepted(client, TlsClient.presenting(client, this.pki.root()), app);
	}

	private void assertAccepted(IssuedCertificate client, TlsClient tls, RunningPeer app) throws Exception {
		assertThat(tls.get(app.port(), "/whoami").body()).contains(TestPki.spiffeId(
				client.certificate().getSubjectX500Principal().getName().substring(3)));
	}

	private void assertRefused(IssuedCertificate client, RunningPeer app) {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TlsClient.presenting(client, this.pki.root()).get(app.port(), "/whoami"));
	}

	/**
	 * GET {@code /whoami} presenting a chain as given, whether or not the key belongs to its leaf.
	 */
	private HttpResponse<String> get(List<X509Certificate> chain, PrivateKey key, RunningPeer app)
			throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", this.pki.root().certificate());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
		trustManagers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(new KeyManager[] { new PresentingKeyManager(chain, key, (issuers) -> {
		}) }, trustManagers.getTrustManagers(), null);
		HttpClient client = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
		return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + "/whoami"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private boolean accepted(TlsClient client, RunningPeer app) {
		return status(client, app) == 200;
	}

	private int status(TlsClient client, RunningPeer app) {
		try {
			return client.get(app.port(), "/whoami").statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}


}
