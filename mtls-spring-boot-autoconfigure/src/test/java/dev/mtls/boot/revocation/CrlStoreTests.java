package dev.mtls.boot.revocation;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.security.auth.x500.X500Principal;

import com.sun.net.httpserver.HttpServer;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which CRLs {@link CrlStore} puts into service: signed by their issuer, not older than the one in
 * service, from HTTP and from files.
 */
@ExtendWith(OutputCaptureExtension.class)
class CrlStoreTests {

	@TempDir
	Path directory;

	private final MutableClock clock = new MutableClock(Instant.now());

	private final AtomicReference<String> served = new AtomicReference<>();

	private TestPki pki;

	private IssuedCertificate revoked;

	private IssuedCertificate impostor;

	private HttpServer server;

	@BeforeEach
	void setUp() throws Exception {
		this.pki = new TestPki(this.directory);
		this.revoked = this.pki.client("revoked");
		// Another key, to sign CRLs in the root CA's name.
		this.impostor = this.pki.selfSignedCopyOf("impostor");
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/root.crl", (exchange) -> {
			byte[] body = this.served.get().getBytes(StandardCharsets.US_ASCII);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void fetchedCrlSignedByAnotherKeyKeepsTheOldOne(CapturedOutput output) {
		this.served.set(crl(this.pki.root().privateKey(), 10, this.revoked));
		CrlStore store = httpStore();
		X509CRL inService = single(store);
		this.served.set(crl(this.impostor.privateKey(), 11));
		assertThat(refreshLater(store)).isFalse();
		assertThat(single(store)).isEqualTo(inService);
		assertThat(output).contains("Unable to fetch CRL " + url())
			.contains("its signature does not verify with the key of the trusted CA CN=Test Root CA");
	}

	@Test
	void fetchedCrlWithLowerNumberKeepsTheOldOne(CapturedOutput output) {
		this.served.set(crl(this.pki.root().privateKey(), 10, this.revoked));
		CrlStore store = httpStore();
		X509CRL inService = single(store);
		this.served.set(crl(this.pki.root().privateKey(), 9));
		assertThat(refreshLater(store)).isFalse();
		assertThat(single(store)).isEqualTo(inService);
		assertThat(output).contains("its CRL number 9 is lower than 10");
	}

	@Test
	void fetchedCrlWithHigherNumberReplacesTheOldOne() {
		this.served.set(crl(this.pki.root().privateKey(), 10, this.revoked));
		CrlStore store = httpStore();
		this.served.set(crl(this.pki.root().privateKey(), 11));
		assertThat(refreshLater(store)).isTrue();
		assertThat(single(store).getRevokedCertificates()).isNull();
	}

	@Test
	void forgedFirstFetchIsNotPutInService(CapturedOutput output) {
		this.served.set(crl(this.impostor.privateKey(), 10));
		CrlStore store = httpStore();
		assertThat(store.current()).isEmpty();
		assertThat(output).contains("its signature does not verify");
	}

	@Test
	void forgedCrlFileFailsStartup() throws Exception {
		Path file = write(crl(this.impostor.privateKey(), 10));
		assertThatExceptionOfType(FailureAnalyzedException.class).isThrownBy(() -> fileStore(file))
			.withMessageContaining("mtls.revocation.crl-locations[0] 'file:" + file + "'")
			.withMessageContaining("the CRL is not accepted: its signature does not verify");
	}

	@Test
	void olderCrlFileKeepsTheOldOneAndNewerReplacesIt(CapturedOutput output) throws Exception {
		Path file = write(crl(this.pki.root().privateKey(), 10, this.revoked));
		CrlStore store = fileStore(file);
		X509CRL inService = single(store);
		write(crl(this.pki.root().privateKey(), 9));
		assertThat(store.reloadFiles()).isFalse();
		assertThat(single(store)).isEqualTo(inService);
		assertThat(output).contains("Keeping the previous CRL of file:" + file)
			.contains("its CRL number 9 is lower than 10");
		write(crl(this.pki.root().privateKey(), 12));
		assertThat(store.reloadFiles()).isTrue();
		assertThat(single(store).getRevokedCertificates()).isNull();
	}

	@Test
	void crlOfAnIntermediateReplacesItsOwnOnlyOnceAPeerPathShowedTheIntermediate(CapturedOutput output)
			throws Exception {
		IssuedCertificate intermediate = this.pki.intermediate();
		IssuedCertificate leaf = this.pki.client("leaf", intermediate);
		Path file = write(crl(intermediate, intermediate.privateKey(), 10, this.revoked));
		CrlStore store = fileStore(file);
		write(crl(intermediate, intermediate.privateKey(), 11));
		assertThat(store.reloadFiles()).isFalse();
		assertThat(output).contains("is not a CA of the trust set or of a verified peer chain");
		store.learnIssuers(List.of(leaf.certificate(), intermediate.certificate()));
		assertThat(store.reloadFiles()).isTrue();
		assertThat(single(store).getRevokedCertificates()).isNull();
	}

	private CrlStore httpStore() {
		return store(url());
	}

	private CrlStore fileStore(Path file) {
		return store("file:" + file);
	}

	private CrlStore store(String location) {
		return new CrlStore(List.of(location), new DefaultResourceLoader(), Duration.ofMinutes(5),
				Duration.ofSeconds(5), this.clock, new CrlAcceptance(() -> List.of(this.pki.root().certificate())));
	}

	private boolean refreshLater(CrlStore store) {
		this.clock.set(this.clock.instant().plus(Duration.ofMinutes(10)));
		return store.refreshDue();
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/root.crl";
	}

	private Path write(String crl) throws Exception {
		return Files.writeString(this.directory.resolve("ca.crl"), crl);
	}

	private static X509CRL single(CrlStore store) {
		assertThat(store.current()).hasSize(1);
		return store.current().get(0);
	}

	private String crl(PrivateKey key, long number, IssuedCertificate... revoked) {
		return crl(this.pki.root(), key, number, revoked);
	}

	/**
	 * A PEM CRL naming {@code issuer} as its issuer, signed with {@code key}, with a CRL number.
	 */
	private static String crl(IssuedCertificate issuer, PrivateKey key, long number, IssuedCertificate... revoked) {
		try {
			Instant now = Instant.now();
			X500Principal name = issuer.certificate().getSubjectX500Principal();
			X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(name, Date.from(now.minusSeconds(60)));
			builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
			for (IssuedCertificate certificate : revoked) {
				builder.addCRLEntry(certificate.certificate().getSerialNumber(), Date.from(now.minusSeconds(30)),
						CRLReason.keyCompromise);
			}
			builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
			X509CRL crl = new JcaX509CRLConverter()
				.getCRL(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
			StringWriter pem = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
				writer.writeObject(crl);
			}
			return pem.toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
