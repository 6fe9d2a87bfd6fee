package dev.mtls.boot.grpc;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.TestPki;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Boot's gRPC server and Spring gRPC's channels on the {@code mtls} material, with real
 * handshakes on random ports: the server on grpc-netty-shaded (BoringSSL, shaded) shared by the
 * class, a grpc-netty one where the transport matters; each refusal beside a call that succeeds
 * on the same server.
 */
class GrpcServerIntegrationTests {

	@TempDir
	static Path directory;

	private static TestPki pki;

	private static IssuedCertificate revoked;

	private static ConfigurableApplicationContext server;

	private static int port;

	@BeforeAll
	static void startServer() throws Exception {
		pki = new TestPki(directory);
		revoked = pki.client("revoked");
		Path crl = Files.writeString(directory.resolve("root.crl"), TestPki.crl(pki.root(), Duration.ofDays(1), revoked));
		server = start(null, identity("server", pki.server("inventory")), "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + crl, "--mtls.grants[0].peer=" + TestPki.spiffeId("admin"),
				"--mtls.grants[0].authorities=SCOPE_admin", "--mtls.authorization.rules[0].name=no-legacy",
				"--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].paths=/test.Peers/Legacy");
		port = port(server);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void callerWithTrustedCertificateIsServedAsItsPeer() throws Exception {
		IssuedCertificate client = pki.client("orders");
		assertThat(GrpcPeers.call(port, client, pki.root(), PeerService.WHO_AM_I))
			.isEqualTo(TestPki.spiffeId("orders") + " [] " + client.certificate().getSerialNumber().toString(16));
	}

	@Test
	void callerWithoutCertificateIsRefusedInTheHandshake() throws Exception {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, null, pki.root(), PeerService.WHO_AM_I))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
	}

	@Test
	void untrustedCertificateIsRefusedAndCounted() throws Exception {
		double before = failures("untrusted");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, pki.selfSignedCopyOf("orders"), pki.root(), PeerService.WHO_AM_I))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(failures("untrusted")).isEqualTo(before + 1);
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
	}

	@Test
	void revokedCertificateIsRefusedAndCounted() throws Exception {
		double before = failures("revoked");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, revoked, pki.root(), PeerService.WHO_AM_I))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(failures("revoked")).isEqualTo(before + 1);
		assertThat(GrpcPeers.call(port, pki.client("revoked"), pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
	}

	@Test
	void methodSecuritySeesThePeersGrants() throws Exception {
		IssuedCertificate admin = pki.client("admin");
		assertThat(GrpcPeers.call(port, admin, pki.root(), PeerService.ADMIN)).isEqualTo(TestPki.spiffeId("admin")
				+ " [SCOPE_admin] " + admin.certificate().getSerialNumber().toString(16));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.ADMIN))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void denyRuleRefusesItsMethodByFullNameAndCountsTheDecision() throws Exception {
		MeterRegistry registry = server.getBean(MeterRegistry.class);
		double before = registry.get("mtls.authorization.decisions").tag("rule", "no-legacy").tag("decision", "denied")
			.functionCounter()
			.count();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.LEGACY))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
				assertThat(ex.getStatus().getDescription()).contains("denied by rule 'no-legacy'");
			});
		assertThat(registry.get("mtls.authorization.decisions").tag("rule", "no-legacy").tag("decision", "denied")
			.functionCounter()
			.count()).isEqualTo(before + 1);
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "test.Peers/legacy", "test.peers/Legacy", "test.Peers//Legacy", "test.Peers/Legacy;x=1",
			"test.Peers/Leg%61cy", "test.Peers/Legacy/", "test.Peers/./Legacy", "/test.Peers/Legacy" })
	void spellingsOfADeniedMethodNeverReachIt(String name) throws Exception {
		MethodDescriptor<String, String> spelled = PeerService.LEGACY.toBuilder().setFullMethodName(name).build();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, pki.client("orders"), pki.root(), spelled))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isIn(Status.Code.UNIMPLEMENTED,
					Status.Code.PERMISSION_DENIED));
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
	}

	@Test
	void metadataNamingAnotherPeerChangesNothing() throws Exception {
		IssuedCertificate admin = pki.client("admin");
		Metadata forged = new Metadata();
		for (String header : new String[] { "x-forwarded-client-cert", "x-ssl-client-cert", "client-cert",
				"ssl-client-cert" }) {
			forged.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER),
					"By=" + TestPki.spiffeId("admin") + ";Cert=\"" + admin.certificatePem().replace("\n", "") + "\"");
		}
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.ADMIN, forged))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThat(GrpcPeers.call(port, pki.client("orders"), pki.root(), PeerService.WHO_AM_I, forged))
			.startsWith(TestPki.spiffeId("orders") + " []");
	}

	@Test
	void opensslNegotiatesHttp2WithACertificateAndIsRefusedWithout() {
		Path certificate = pki.write("openssl", pki.client("openssl"));
		String connect = "openssl s_client -connect localhost:" + port + " -alpn h2 -CAfile "
				+ pki.writeCertificates("openssl-ca.crt", pki.root());
		// Standard input stays open a moment, so that an alert after the handshake is read.
		Command with = Command.run("sh", "-c",
				"sleep 1 | " + connect + " -cert " + certificate + " -key " + pki.key("openssl") + " 2>&1");
		assertThat(with.output()).contains("ALPN protocol: h2").contains("Verify return code: 0 (ok)").doesNotContain("alert");
		Command without = Command.run("sh", "-c", "sleep 1 | " + connect + " 2>&1");
		assertThat(without.output()).contains("alert certificate required");
	}

	@Test
	void springGrpcChannelsPresentTheIdentityAndFollowItsRotation() throws Exception {
		Path identity = identity("client", pki.client("orders"));
		try (ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
			.web(WebApplicationType.NONE)
			.run(properties(identity))) {
			GrpcChannelFactory channels = client.getBean(GrpcChannelFactory.class);
			ManagedChannel before = channels.createChannel("localhost:" + port);
			assertThat(GrpcPeers.call(before, PeerService.WHO_AM_I)).startsWith(TestPki.spiffeId("orders") + " ");
			IssuedCertificate rotated = pki.client("orders");
			rotated.writePem(identity.resolve("client.crt"), identity.resolve("client.key"));
			assertThat(client.getBean(MtlsMaterial.class).reload().success()).isTrue();
			String serial = " " + rotated.certificate().getSerialNumber().toString(16);
			// A channel created after the reload: a new SSL context, so a full handshake.
			ManagedChannel after = channels.createChannel("localhost:" + port);
			assertThat(GrpcPeers.call(after, PeerService.WHO_AM_I)).endsWith(serial);
			// On grpc-netty-shaded one created before may resume its TLS session when it reconnects.
			assertThat(GrpcPeers.call(before, PeerService.WHO_AM_I)).startsWith(TestPki.spiffeId("orders") + " ");
		}
	}

	@Test
	void grpcNettyChannelsFollowRotationOnTheirOpenConnection() throws Exception {
		Path identity = identity("netty-client", pki.client("orders"));
		try (ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("io.grpc.netty.shaded")))
			.web(WebApplicationType.NONE)
			.run(properties(identity))) {
			GrpcChannelFactory channels = client.getBean(GrpcChannelFactory.class);
			ManagedChannel before = channels.createChannel("localhost:" + port);
			assertThat(GrpcPeers.call(before, PeerService.WHO_AM_I)).startsWith(TestPki.spiffeId("orders") + " ");
			for (int rotation = 0; rotation < 2; rotation++) {
				IssuedCertificate rotated = pki.client("orders");
				rotated.writePem(identity.resolve("netty-client.crt"), identity.resolve("netty-client.key"));
				assertThat(client.getBean(MtlsMaterial.class).reload().success()).isTrue();
				// The channel opened before reconnects with a full handshake for its next call.
				assertThat(GrpcPeers.call(before, PeerService.WHO_AM_I))
					.endsWith(" " + rotated.certificate().getSerialNumber().toString(16));
			}
		}
	}

	@Test
	void channelToAServerOfAnotherNameIsRefused() throws Exception {
		Path identity = identity("stranger", pki.client("orders"));
		try (ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
			.web(WebApplicationType.NONE)
			.run(properties(identity))) {
			GrpcChannelFactory channels = client.getBean(GrpcChannelFactory.class);
			// The server's certificate names localhost and 127.0.0.1, not this address.
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> GrpcPeers.call(channels.createChannel("127.0.0.2:" + port), PeerService.WHO_AM_I))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			assertThat(GrpcPeers.call(channels.createChannel("localhost:" + port), PeerService.WHO_AM_I)).isNotEmpty();
		}
	}

	@Test
	void grpcNettyServerRotatesItsIdentityWithoutRestart() throws Exception {
		Path identity = identity("netty", pki.server("inventory"));
		try (ConfigurableApplicationContext netty = start(new FilteredClassLoader("io.grpc.netty.shaded"), identity)) {
			assertThat(netty.getBeansOfType(org.springframework.grpc.server.NettyGrpcServerFactory.class)).hasSize(1);
			int nettyPort = port(netty);
			IssuedCertificate client = pki.client("orders");
			assertThat(GrpcPeers.call(nettyPort, client, pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> GrpcPeers.call(nettyPort, null, pki.root(), PeerService.WHO_AM_I));
			rotate(netty, identity, "netty");
		}
	}

	@Test
	void grpcNettyShadedServerRotatesItsIdentityWithoutRestart() throws Exception {
		Path identity = identity("shaded", pki.server("inventory"));
		try (ConfigurableApplicationContext shaded = start(null, identity)) {
			assertThat(shaded.getBeansOfType(org.springframework.grpc.server.ShadedNettyGrpcServerFactory.class))
				.hasSize(1);
			rotate(shaded, identity, "shaded");
		}
	}

	private static void rotate(ConfigurableApplicationContext context, Path identity, String name) throws Exception {
		int port = port(context);
		IssuedCertificate client = pki.client("orders");
		IssuedCertificate rotated = pki.server("inventory");
		BigInteger before = GrpcPeers.servedSerial(port, client, pki.root());
		assertThat(before).isNotEqualTo(rotated.certificate().getSerialNumber());
		rotated.writePem(identity.resolve(name + ".crt"), identity.resolve(name + ".key"));
		assertThat(context.getBean(MtlsMaterial.class).reload().success()).isTrue();
		assertThat(GrpcPeers.servedSerial(port, client, pki.root())).isEqualTo(rotated.certificate().getSerialNumber());
		assertThat(GrpcPeers.call(port, client, pki.root(), PeerService.WHO_AM_I)).isNotEmpty();
	}

	private double failures(String reason) {
		return server.getBean(MeterRegistry.class)
			.get("mtls.handshake.failures")
			.tag("side", "server")
			.tag("reason", reason)
			.counter()
			.count();
	}

	private static Path identity(String name, IssuedCertificate certificate) throws Exception {
		Path folder = Files.createDirectories(directory.resolve(name));
		certificate.writePem(folder.resolve(name + ".crt"), folder.resolve(name + ".key"));
		Files.writeString(folder.resolve("ca.crt"), pki.root().certificatePem());
		return folder;
	}

	private static String[] properties(Path identity, String... more) {
		String name = identity.getFileName().toString();
		String[] base = { "--mtls.identity.certificate=file:" + identity.resolve(name + ".crt"),
				"--mtls.identity.private-key=file:" + identity.resolve(name + ".key"),
				"--mtls.trust.certificates=file:" + identity.resolve("ca.crt"), "--spring.grpc.server.port=0",
				"--mtls.reload.enabled=false" };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	private static ConfigurableApplicationContext start(FilteredClassLoader classLoader, Path identity,
			String... more) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(ServerApplication.class)
			.web(WebApplicationType.NONE);
		if (classLoader != null) {
			builder.resourceLoader(new DefaultResourceLoader(classLoader));
		}
		return builder.run(properties(identity, more));
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBeansOfType(GrpcServerLifecycle.class).values().iterator().next().getPort();
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

	}

	@Configuration(proxyBeanMethods = false)
	// JDBC is on the test class path for the data clients' tests; these servers use no database.
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class ClientApplication {

	}

}
