package dev.mtls.boot.acme;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.mtls.boot.acme.AcmeOrders.AcmeOrderException;
import dev.mtls.boot.acme.AcmeStorage.StoredCertificate;
import dev.mtls.boot.core.ConfiguredTrust;
import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the ACME source serves and when it orders, with a stand-in for the CA: a stored valid
 * certificate is served without ordering, anything else is ordered at startup, a failed order fails
 * startup naming the directory, and a renewal the material refuses leaves the certificate in service.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcmeIdentitySourceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class));

	@TempDir
	Path directory;

	private TestPki pki;

	private AcmeStorage storage;

	private MtlsAcmeProperties properties;

	private final AtomicInteger orders = new AtomicInteger();

	@BeforeEach
	void setUp() {
		this.pki = new TestPki(this.directory);
		this.storage = new AcmeStorage(this.directory.resolve("acme"));
		this.properties = new MtlsAcmeProperties();
		this.properties.setDirectory("https://ca.internal/dir");
		this.properties.setDomains(List.of("inventory.shop"));
	}

	@Test
	void servesAStoredValidCertificateWithoutOrdering() {
		StoredCertificate stored = certificate("inventory.shop", Instant.now().minusSeconds(60), Duration.ofDays(30));
		this.storage.store(stored);
		AcmeIdentitySource source = source((timeout) -> {
			throw new AssertionError("ordered although a valid certificate is stored");
		});
		assertThat(source.current().identity().certificate()).isEqualTo(stored.leaf());
		assertThat(source.state()).containsEntry("notAfter", stored.leaf().getNotAfter().toInstant())
			.containsEntry("lastUpdate", null);
		source.destroy();
	}

	@Test
	void ordersWhenTheStoredCertificateIsForOtherDomainsOrExpired() {
		this.storage.store(certificate("other.shop", Instant.now().minusSeconds(60), Duration.ofDays(30)));
		StoredCertificate issued = certificate("inventory.shop", Instant.now().minusSeconds(60), Duration.ofDays(30));
		AcmeIdentitySource source = source(counting(issued));
		assertThat(source.current().identity().certificate()).isEqualTo(issued.leaf());
		assertThat(this.orders).hasValue(1);
		assertThat(this.storage.certificate().leaf()).isEqualTo(issued.leaf());
		source.destroy();
		this.storage.store(certificate("inventory.shop", Instant.now().minus(Duration.ofDays(31)), Duration.ofDays(30)));
		AcmeIdentitySource again = source(counting(issued));
		again.current();
		assertThat(this.orders).hasValue(2);
		again.destroy();
	}

	@Test
	void warnsWhenTheCaIssuesServerOnlyCertificates(CapturedOutput output) {
		KeyPair key = AcmeStorage.newKeyPair();
		IssuedCertificate serverOnly = new CertificateBuilder().subject("CN=inventory.shop")
			.dns("inventory.shop")
			.keyPair(key)
			.serverOnly()
			.issuedBy(this.pki.intermediate())
			.issue();
		AcmeIdentitySource source = source(counting(new StoredCertificate(serverOnly.chain(), key)));
		source.current();
		assertThat(output).contains("is for servers only (no clientAuth extended key usage)");
		source.destroy();
	}

	@Test
	void failsStartupNamingTheDirectoryWhenTheOrderFails() {
		AcmeIdentitySource source = source((timeout) -> {
			throw new AcmeOrderException("Network error (ConnectException)");
		});
		assertThatExceptionOfType(FailureAnalyzedException.class).isThrownBy(source::current)
			.withMessage("Invalid mTLS configuration: mtls.identity.acme.directory 'https://ca.internal/dir': no "
					+ "certificate for [inventory.shop] could be ordered within PT2M: Network error (ConnectException)");
		source.destroy();
	}

	@Test
	void refusesToOrderWithoutATrustSet() {
		MtlsProperties noTrust = new MtlsProperties();
		AcmeIdentitySource source = new AcmeIdentitySource(this.properties, counting(null), this.storage,
				new ConfiguredTrust(noTrust, new DefaultResourceLoader()), schedule(), Clock.systemUTC());
		assertThatExceptionOfType(FailureAnalyzedException.class).isThrownBy(source::current)
			.withMessageContaining("mtls.trust.certificates (or mtls.trust.truststore.location) is missing");
		assertThat(this.orders).hasValue(0);
	}

	@Test
	void keepsTheCertificateInServiceWhenTheMaterialRefusesTheRenewal() {
		// Stored with 10% of its lifetime left: renewal is due at once.
		StoredCertificate stored = certificate("inventory.shop", Instant.now().minus(Duration.ofDays(27)),
				Duration.ofDays(30));
		this.storage.store(stored);
		StoredCertificate notYetValid = certificate("inventory.shop", Instant.now().plus(Duration.ofDays(1)),
				Duration.ofDays(30));
		AcmeIdentitySource source = source(counting(notYetValid));
		this.runner.withBean(IdentitySource.class, () -> source).run((context) -> {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			Instant deadline = Instant.now().plusSeconds(10);
			while (material.lastReload() == null && Instant.now().isBefore(deadline)) {
				Thread.sleep(50);
			}
			assertThat(material.lastReload().success()).isFalse();
			assertThat(material.lastReload().error()).contains("is not valid before");
			assertThat(material.identity().certificate()).isEqualTo(stored.leaf());
		});
	}

	@Test
	void offersARenewalValidFromAMomentFromNowAgainOnceItIsValid() {
		StoredCertificate stored = certificate("inventory.shop", Instant.now().minus(Duration.ofDays(27)),
				Duration.ofDays(30));
		this.storage.store(stored);
		AtomicReference<StoredCertificate> soonValid = new AtomicReference<>();
		AcmeIdentitySource source = source((timeout) -> {
			this.orders.incrementAndGet();
			// Valid two seconds after it is issued, as from a CA whose clock runs ahead.
			soonValid.set(certificate("inventory.shop", Instant.now().plusSeconds(2), Duration.ofDays(30)));
			return soonValid.get();
		});
		this.runner.withBean(IdentitySource.class, () -> source).run((context) -> {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			Instant deadline = Instant.now().plusSeconds(15);
			while ((soonValid.get() == null || !material.identity().certificate().equals(soonValid.get().leaf()))
					&& Instant.now().isBefore(deadline)) {
				Thread.sleep(100);
			}
			assertThat(material.identity().certificate()).isEqualTo(soonValid.get().leaf());
			assertThat(material.reloadHistory()).anySatisfy((outcome) -> assertThat(outcome.success()).isFalse());
			assertThat(this.orders).hasValue(1);
		});
	}

	private AcmeIdentitySource source(CertificateOrder order) {
		MtlsProperties mtls = new MtlsProperties();
		mtls.getTrust().setCertificates("file:" + this.pki.writeCertificates("ca.crt", this.pki.root()));
		return new AcmeIdentitySource(this.properties, order, this.storage,
				new ConfiguredTrust(mtls, new DefaultResourceLoader()), schedule(), Clock.systemUTC());
	}

	private RenewalSchedule schedule() {
		return new RenewalSchedule(RenewBefore.valueOf("33%"), Duration.ofMinutes(1), Duration.ofHours(1), () -> 0);
	}

	private CertificateOrder counting(StoredCertificate issued) {
		return (timeout) -> {
			this.orders.incrementAndGet();
			return issued;
		};
	}

	private StoredCertificate certificate(String domain, Instant notBefore, Duration lifetime) {
		KeyPair key = AcmeStorage.newKeyPair();
		IssuedCertificate issued = new CertificateBuilder().subject("CN=" + domain)
			.dns(domain)
			.keyPair(key)
			.validity(notBefore, notBefore.plus(lifetime))
			.issuedBy(this.pki.intermediate())
			.issue();
		return new StoredCertificate(issued.chain(), key);
	}

}
