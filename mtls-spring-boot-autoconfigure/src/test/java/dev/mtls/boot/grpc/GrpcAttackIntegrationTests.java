package dev.mtls.boot.grpc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.PresentingKeyManager;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import dev.mtls.boot.testing.WorkloadApiServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Attacks on the gRPC server and channels, with real handshakes on random ports, each refusal
 * beside a call that succeeds on the same server. The shared server is a web application too
 * (Tomcat beside the gRPC server) that accepts a forwarded certificate from a trusted proxy peer,
 * and asks for client certificates without requiring them.
 */
class GrpcAttackIntegrationTests {

	@TempDir
	static Path directory;

	private static TestPki pki;

	private static ConfigurableApplicationContext server;

	private static int port;

	@BeforeAll
	static void startServer() throws Exception {
		pki = new TestPki(directory);
		server = start(identity("server", pki.server("inventory"), pki.root()), "--server.port=0",
				"--mtls.server.client-auth=want", "--mtls.grants[0].peer=" + TestPki.spiffeId("admin"),
				"--mtls.grants[0].authorities=SCOPE_admin", "--mtls.authorization.rules[0].name=no-legacy",
				"--mtls.authorization.rules[0].action=deny", "--mtls.authorization.rules[0].paths=/test.Peers/Legacy",
				"--mtls.proxy.enabled=true", "--mtls.proxy.header=X-Client-Cert",
				"--mtls.proxy.format=pem-url-encoded", "--mtls.proxy.trusted-proxy-peers=" + TestPki.spiffeId("edge"));
		port = grpcPort(server);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void callerWithoutCertificateIsUnauthenticatedBeforeAnyApplicationInterceptor() throws Exception {
		Reached reached = server.getBean(Reached.class);
		reached.clear();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, null, pki.root(), PeerService.WHO_AM_I))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
		assertThat(reached.methods()).isEmpty();
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I))
			.startsWith(TestPki.spiffeId("orders") + " ");
		assertThat(reached.methods()).containsExactly("test.Peers/WhoAmI " + TestPki.spiffeId("orders"));
	}

	@Test
	void methodARuleDeniesNeverReachesAnApplicationInterceptor() throws Exception {
		Reached reached = server.getBean(Reached.class);
		reached.clear();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.LEGACY))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThat(reached.methods()).isEmpty();
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
		assertThat(reached.methods()).hasSize(1);
	}

	@Test
	void certificatesTheTrustSetMustNotAcceptAreRefusedInTheHandshake() throws Exception {
		// Same subject as the trusted root, another key: a name collision, not a chain.
		IssuedCertificate impostorRoot = new CertificateBuilder().subject(pki.root().certificate()
			.getSubjectX500Principal()
			.getName()).authority().issue();
		Map<String, IssuedCertificate> refused = Map.of("expired", pki.expiredClient("orders"), "not yet valid",
				pki.notYetValidClient("orders"), "serverAuth only", pki.serverOnlyClient("orders"),
				"issued by a root of the same name", pki.client("orders", impostorRoot));
		refused.forEach((name, certificate) -> assertThatExceptionOfType(StatusRuntimeException.class).as(name)
			.isThrownBy(() -> GrpcPeers.call(port, certificate, pki.root(), PeerService.WHO_AM_I))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE)));
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
	}

	/**
	 * The web server takes a trusted proxy's forwarded certificate as the caller; the gRPC server,
	 * on the same application and material, never: the proxy's metadata names nobody.
	 */
	@Test
	void forwardedCertificateFromATrustedProxyNamesTheWebCallerButNeverTheGrpcCaller() throws Exception {
		IssuedCertificate edge = pki.client("edge");
		String forwarded = URLEncoder.encode(pki.client("admin").certificatePem(), StandardCharsets.UTF_8)
			.replace("+", "%20");
		HttpResponse<String> web = TlsClient.presenting(edge, pki.root())
			.httpClient()
			.send(HttpRequest.newBuilder(URI.create("https://localhost:" + webPort(server) + "/whoami"))
				.header("X-Client-Cert", forwarded)
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(web.body()).isEqualTo(TestPki.spiffeId("admin"));
		Metadata metadata = new Metadata();
		for (String header : List.of("x-client-cert", "x-forwarded-client-cert", "client-cert", "ssl-client-cert")) {
			metadata.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER), forwarded);
		}
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, edge, pki.root(), PeerService.ADMIN, metadata))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThat(GrpcPeers.call(port, edge, pki.root(), PeerService.WHO_AM_I, metadata))
			.startsWith(TestPki.spiffeId("edge") + " []");
	}

	/**
	 * HTTP/2 keeps a gRPC connection open for as long as both sides like: once a trust rotation
	 * removed a caller's CA, its calls on the connection it opened before are refused, as the web
	 * server refuses requests on kept-alive connections, and are not served as anonymous ones
	 * either where those are allowed.
	 */
	@Test
	void keptAliveConnectionIsRefusedOnceTrustRotationRemovedItsIssuer() throws Exception {
		IssuedCertificate retiredCa = new CertificateBuilder().subject("CN=Retired CA,O=mtls tests").authority().issue();
		Path identity = identity("rotating", pki.server("inventory"), pki.root(), retiredCa);
		try (ConfigurableApplicationContext rotating = start(identity, "--spring.main.web-application-type=none",
				"--mtls.server.client-auth=want", "--mtls.authorization.anonymous=allow",
				"--mtls.authorization.rules[0].name=no-watch", "--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].paths=/test.Streams/Watch")) {
			int rotatingPort = grpcPort(rotating);
			ManagedChannel kept = channel(rotatingPort, pki.client("orders", retiredCa));
			try {
				assertThat(GrpcPeers.call(kept, PeerService.WHO_AM_I)).startsWith(TestPki.spiffeId("orders") + " ");
				Files.writeString(identity.resolve("ca.crt"), pki.root().certificatePem());
				assertThat(rotating.getBean(MtlsMaterial.class).reload().success()).isTrue();
				// UNAUTHENTICATED, not UNAVAILABLE: the call went over the connection opened before.
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> GrpcPeers.call(kept, PeerService.WHO_AM_I))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			}
			finally {
				kept.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
			assertThat(GrpcPeers.call(rotatingPort, pki.client("orders"), pki.root(), PeerService.WHO_AM_I))
				.startsWith(TestPki.spiffeId("orders") + " ");
			// Callers without a certificate are served here, but still meet a deny rule for everyone.
			ManagedChannel anonymous = channel(rotatingPort, null);
			try {
				Stream echo = Stream.open(anonymous, StreamService.ECHO);
				echo.send("1");
				assertThat(echo.next()).isEqualTo("1 anonymous");
				Stream watch = Stream.open(anonymous, StreamService.WATCH);
				watch.send("watch");
				watch.call().halfClose();
				assertThat(watch.next()).isEqualTo(Status.Code.PERMISSION_DENIED);
			}
			finally {
				anonymous.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * A stream lives as long as its caller likes (a watch, a subscription): once a trust rotation
	 * removed its caller's CA, neither the caller's next message nor the server's next answer goes
	 * through it, as a new call on that connection would be refused.
	 */
	@Test
	void openStreamsEndOnceTrustRotationRemovedTheirCallersIssuer() throws Exception {
		IssuedCertificate retiredCa = new CertificateBuilder().subject("CN=Retired CA,O=mtls tests").authority().issue();
		Path identity = identity("streaming", pki.server("inventory"), pki.root(), retiredCa);
		try (ConfigurableApplicationContext streaming = start(identity, "--spring.main.web-application-type=none")) {
			int streamingPort = grpcPort(streaming);
			ManagedChannel kept = channel(streamingPort, pki.client("orders", retiredCa));
			try {
				Stream echo = Stream.open(kept, StreamService.ECHO);
				echo.send("1");
				assertThat(echo.next()).isEqualTo("1 " + TestPki.spiffeId("orders"));
				Stream watch = Stream.open(kept, StreamService.WATCH);
				watch.send("watch");
				watch.call().halfClose();
				StreamService.Watchers watchers = streaming.getBean(StreamService.Watchers.class);
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> watchers.count() == 1);
				watchers.push("a");
				assertThat(watch.next()).isEqualTo("a " + TestPki.spiffeId("orders"));
				Files.writeString(identity.resolve("ca.crt"), pki.root().certificatePem());
				assertThat(streaming.getBean(MtlsMaterial.class).reload().success()).isTrue();
				echo.send("2");
				assertThat(echo.next()).isEqualTo(Status.Code.UNAUTHENTICATED);
				watchers.push("b");
				assertThat(watch.next()).isEqualTo(Status.Code.UNAUTHENTICATED);
			}
			finally {
				kept.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
			ManagedChannel trusted = channel(streamingPort, pki.client("orders"));
			try {
				Stream echo = Stream.open(trusted, StreamService.ECHO);
				echo.send("3");
				assertThat(echo.next()).isEqualTo("3 " + TestPki.spiffeId("orders"));
				echo.send("4");
				assertThat(echo.next()).isEqualTo("4 " + TestPki.spiffeId("orders"));
			}
			finally {
				trusted.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void grpcNettyChannelToAServerOfAnotherNameIsRefused() throws Exception {
		Path identity = identity("netty-client", pki.client("orders"), pki.root());
		try (ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
			.web(WebApplicationType.NONE)
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("io.grpc.netty.shaded")))
			.run(properties(identity))) {
			GrpcChannelFactory channels = client.getBean(GrpcChannelFactory.class);
			// The server's certificate names localhost and 127.0.0.1, not this address.
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> GrpcPeers.call(channels.createChannel("127.0.0.2:" + port), PeerService.WHO_AM_I))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			assertThat(GrpcPeers.call(channels.createChannel("localhost:" + port), PeerService.WHO_AM_I))
				.startsWith(TestPki.spiffeId("orders") + " ");
		}
	}

	/**
	 * With mtls.client.spiffe.expected-ids a channel verifies the server's SPIFFE ID instead of its
	 * host name: a server with a certificate from the same CA for the same host but another SPIFFE
	 * ID cannot stand in for the expected one.
	 */
	@Test
	void channelExpectingASpiffeIdRefusesAnotherServerOfTheSameCaAndHost() throws Exception {
		Path billing = identity("billing", pki.server("billing"), pki.root());
		try (WorkloadApiServer agent = WorkloadApiServer.start(directory.resolve("agent.sock"));
				ConfigurableApplicationContext impostor = start(billing, "--spring.main.web-application-type=none")) {
			agent.issue(TestPki.spiffeId("orders"), pki.client("orders"), pki.root().certificate());
			try (ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
				.web(WebApplicationType.NONE)
				.run("--mtls.identity.spiffe.enabled=true", "--mtls.identity.spiffe.endpoint-socket=" + agent.address(),
						"--mtls.client.spiffe.expected-ids=" + TestPki.spiffeId("inventory"),
						"--spring.main.banner-mode=off")) {
				GrpcChannelFactory channels = client.getBean(GrpcChannelFactory.class);
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> GrpcPeers.call(channels.createChannel("localhost:" + grpcPort(impostor)),
							PeerService.WHO_AM_I))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
				assertThat(GrpcPeers.call(channels.createChannel("localhost:" + port), PeerService.WHO_AM_I))
					.startsWith(TestPki.spiffeId("orders") + " ");
			}
		}
	}

	// One connection for every call, kept alive.
	private static ManagedChannel channel(int port, @Nullable IssuedCertificate client) throws Exception {
		SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(pki.root().certificate());
		if (client != null) {
			tls.keyManager(new PresentingKeyManager(client.chain(), client.privateKey(), (issuers) -> {
			}));
		}
		return NettyChannelBuilder.forAddress("localhost", port).sslContext(tls.build()).build();
	}

	private static Path identity(String name, IssuedCertificate certificate, IssuedCertificate... trusted)
			throws Exception {
		Path folder = Files.createDirectories(directory.resolve(name));
		certificate.writePem(folder.resolve(name + ".crt"), folder.resolve(name + ".key"));
		StringBuilder cas = new StringBuilder();
		for (IssuedCertificate ca : trusted) {
			cas.append(ca.certificatePem());
		}
		Files.writeString(folder.resolve("ca.crt"), cas);
		return folder;
	}

	private static String[] properties(Path identity, String... more) {
		String name = identity.getFileName().toString();
		List<String> all = new java.util.ArrayList<>(List.of(
				"--mtls.identity.certificate=file:" + identity.resolve(name + ".crt"),
				"--mtls.identity.private-key=file:" + identity.resolve(name + ".key"),
				"--mtls.trust.certificates=file:" + identity.resolve("ca.crt"), "--spring.grpc.server.port=0",
				"--mtls.reload.enabled=false", "--spring.main.banner-mode=off"));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static ConfigurableApplicationContext start(Path identity, String... more) {
		return new SpringApplicationBuilder(ServerApplication.class).run(properties(identity, more));
	}

	private static int grpcPort(ConfigurableApplicationContext context) {
		return context.getBeansOfType(GrpcServerLifecycle.class).values().iterator().next().getPort();
	}

	private static int webPort(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * The client's side of a stream: answers and the end, in order.
	 */
	record Stream(ClientCall<String, String> call, BlockingQueue<Object> received) {

		static Stream open(ManagedChannel channel, MethodDescriptor<String, String> method) {
			BlockingQueue<Object> received = new LinkedBlockingQueue<>();
			ClientCall<String, String> call = channel.newCall(method, CallOptions.DEFAULT);
			call.start(new ClientCall.Listener<>() {

				@Override
				public void onMessage(String message) {
					received.add(message);
				}

				@Override
				public void onClose(Status status, Metadata trailers) {
					received.add(status.getCode());
				}

			}, new Metadata());
			call.request(Integer.MAX_VALUE);
			return new Stream(call, received);
		}

		void send(String message) {
			this.call.sendMessage(message);
		}

		Object next() throws InterruptedException {
			return this.received.poll(10, TimeUnit.SECONDS);
		}

	}

	/**
	 * What an application interceptor of the default order saw: method and caller.
	 */
	static final class Reached implements ServerInterceptor {

		private final Queue<String> methods = new ConcurrentLinkedQueue<>();

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			var authentication = SecurityContextHolder.getContext().getAuthentication();
			this.methods.add(call.getMethodDescriptor().getFullMethodName() + " "
					+ ((authentication != null) ? authentication.getName() : "nobody"));
			return next.startCall(call, headers);
		}

		List<String> methods() {
			return List.copyOf(this.methods);
		}

		void clear() {
			this.methods.clear();
		}

	}

	@Configuration(proxyBeanMethods = false)
	// JDBC is on the test class path for the data clients' tests; these servers use no database.
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	@EnableMethodSecurity
	static class ServerApplication {

		@Bean
		PeerService.Answers answers() {
			return new PeerService.Answers();
		}

		@Bean
		PeerService peerService(PeerService.Answers answers) {
			return new PeerService(answers);
		}

		@Bean
		@GlobalServerInterceptor
		Reached reached() {
			return new Reached();
		}

		@Bean
		StreamService.Watchers watchers() {
			return new StreamService.Watchers();
		}

		@Bean
		StreamService streamService(StreamService.Watchers watchers) {
			return new StreamService(watchers);
		}

		@Bean
		WhoAmI whoAmI() {
			return new WhoAmI();
		}

	}

	@RestController
	static class WhoAmI {

		@GetMapping("/whoami")
		String whoAmI() {
			return SecurityContextHolder.getContext().getAuthentication().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	// JDBC is on the test class path for the data clients' tests; these servers use no database.
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class ClientApplication {

	}

}
