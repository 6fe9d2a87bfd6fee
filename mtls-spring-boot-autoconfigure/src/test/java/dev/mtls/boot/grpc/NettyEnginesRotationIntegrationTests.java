package dev.mtls.boot.grpc;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SSL context grpc-java builds from key and trust manager factories asks the {@code mtls}
 * bundle's managers on every handshake with both of Netty's engines, so the server presents a
 * rotated identity and accepts a newly trusted CA without being rebuilt. grpc-java picks OpenSSL
 * whenever it is available; here each engine is named.
 */
class NettyEnginesRotationIntegrationTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(value = SslProvider.class, names = { "JDK", "OPENSSL" })
	void serverContextFollowsTheMaterial(SslProvider engine) throws Exception {
		TestPki pki = new TestPki(this.directory);
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		Path identity = this.directory.resolve("server.crt");
		Path key = this.directory.resolve("server.key");
		Path ca = this.directory.resolve("ca.crt");
		pki.server("inventory").writePem(identity, key);
		Files.writeString(ca, pki.root().certificatePem());
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Material.class)
			.web(WebApplicationType.NONE)
			.run("--mtls.identity.certificate=file:" + identity, "--mtls.identity.private-key=file:" + key,
					"--mtls.trust.certificates=file:" + ca, "--mtls.reload.enabled=false",
					"--spring.grpc.client.enabled=false")) {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			SslBundle bundle = material.bundle();
			// As grpc-java's ProtocolNegotiators build it from TlsServerCredentials, with the engine named.
			Server server = NettyServerBuilder.forPort(0)
				.sslContext(GrpcSslContexts
					.configure(SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory()), engine)
					.trustManager(bundle.getManagers().getTrustManagerFactory())
					.clientAuth(ClientAuth.REQUIRE)
					.build())
				.addService(new PeerService(new PeerService.Answers()))
				.build()
				.start();
			try {
				int port = server.getPort();
				IssuedCertificate client = pki.client("orders");
				IssuedCertificate stranger = new CertificateBuilder().subject("CN=stranger").issuedBy(otherCa).issue();
				assertThat(GrpcPeers.servedSerial(port, client, pki.root()))
					.isEqualTo(material.identity().certificate().getSerialNumber());
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> GrpcPeers.call(port, stranger, pki.root(), PeerService.WHO_AM_I))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
				IssuedCertificate rotated = pki.server("inventory");
				rotated.writePem(identity, key);
				Files.writeString(ca, pki.root().certificatePem() + otherCa.certificatePem());
				assertThat(material.reload().success()).isTrue();
				assertThat(GrpcPeers.servedSerial(port, client, pki.root()))
					.isEqualTo(rotated.certificate().getSerialNumber());
				// Its CA is trusted now: the handshake passes and the call reaches the service.
				assertThat(GrpcPeers.call(port, stranger, pki.root(), PeerService.WHO_AM_I)).isEqualTo("anonymous");
			}
			finally {
				server.shutdownNow();
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	// JDBC is on the test class path for the data clients' tests; these servers use no database.
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class Material {

	}

}
