package dev.mtls.boot.devca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.pem.PemContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development CA: created once, reused, safe when services start together.
 */
class DevCertificateAuthorityTests {

	@TempDir
	Path directory;

	@Test
	void issuesServiceIdentityWithSpiffeIdFromOneCa() throws Exception {
		DevCertificateAuthority.DevIdentity identity = DevCertificateAuthority.open(this.directory, "dev.example")
			.issueServiceIdentity("orders");
		X509Certificate ca = certificate(identity.caCertificate());
		X509Certificate service = certificate(identity.certificate());
		service.verify(ca.getPublicKey());
		assertThat(identity.spiffeId()).isEqualTo("spiffe://dev.example/ns/dev/sa/orders");
		assertThat(service.getSubjectAlternativeNames()).anyMatch((san) -> san.get(1).equals(identity.spiffeId()))
			.anyMatch((san) -> san.get(1).equals("localhost"));
		assertThat(service.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
		assertThat(PemContent.load(identity.privateKey()).getPrivateKey()).isNotNull();
		certificate(identity.clientCertificate()).verify(ca.getPublicKey());
	}

	@Test
	void reusesTheCaAndThePeoplesClientCertificate() throws Exception {
		DevCertificateAuthority.DevIdentity first = DevCertificateAuthority.open(this.directory, "dev.example")
			.issueServiceIdentity("orders");
		String ca = Files.readString(first.caCertificate());
		String client = Files.readString(first.clientCertificate());
		DevCertificateAuthority.DevIdentity second = DevCertificateAuthority.open(this.directory, "dev.example")
			.issueServiceIdentity("orders");
		assertThat(Files.readString(second.caCertificate())).isEqualTo(ca);
		assertThat(Files.readString(second.clientCertificate())).isEqualTo(client);
	}

	@Test
	void servicesStartingTogetherShareOneCa() throws Exception {
		int services = 6;
		ExecutorService executor = Executors.newFixedThreadPool(services);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<DevCertificateAuthority.DevIdentity>> issued = new ArrayList<>();
		for (int i = 0; i < services; i++) {
			String name = "service-" + i;
			Callable<DevCertificateAuthority.DevIdentity> task = () -> {
				start.await();
				return DevCertificateAuthority.open(this.directory, "dev.example").issueServiceIdentity(name);
			};
			issued.add(executor.submit(task));
		}
		start.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		X509Certificate ca = certificate(this.directory.resolve("ca.crt"));
		for (Future<DevCertificateAuthority.DevIdentity> identity : issued) {
			certificate(identity.get().certificate()).verify(ca.getPublicKey());
		}
		certificate(this.directory.resolve("client.crt")).verify(ca.getPublicKey());
	}

	private static X509Certificate certificate(Path file) throws Exception {
		return PemContent.load(file).getCertificates().get(0);
	}

}
