package dev.mtls.boot.core;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Loading, validating and registering the material, and every bad input failing startup with a
 * message that names the property, the file and the fix.
 */
class MtlsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class));

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate server;

	private Path certificate;

	private Path key;

	private Path ca;

	@BeforeEach
	void createPki() {
		this.pki = new TestPki(this.directory);
		this.server = this.pki.server("server");
		this.certificate = this.pki.write("server", this.server);
		this.key = this.pki.key("server");
		this.ca = this.pki.writeCertificates("ca.crt", this.pki.root());
	}

	@Test
	void registersMaterialAsMtlsSslBundle() {
		this.runner.withPropertyValues(pem()).run((context) -> {
			SslBundle bundle = context.getBean(SslBundles.class).getBundle("mtls");
			X509Certificate leaf = (X509Certificate) bundle.getStores().getKeyStore().getCertificate("mtls");
			assertThat(leaf).isEqualTo(this.server.certificate());
			assertThat(bundle.getStores().getTrustStore().size()).isOne();
			assertThat(bundle.getOptions().getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
			assertThat(context.getBean(MtlsMaterial.class).identity().certificate()).isEqualTo(leaf);
		});
	}

	@Test
	void loadsIdentityAndTrustFromKeyStores() throws Exception {
		Path keystore = keyStore("identity.p12", "secret", true);
		Path truststore = keyStore("trust.p12", "secret", false);
		this.runner
			.withPropertyValues("mtls.identity.keystore.location=file:" + keystore, "mtls.identity.keystore.password=secret",
					"mtls.trust.truststore.location=file:" + truststore, "mtls.trust.truststore.password=secret")
			.run((context) -> assertThat(context.getBean(MtlsMaterial.class).identity().certificate())
				.isEqualTo(this.server.certificate()));
	}

	@Test
	void usesAnExistingSpringSslBundle() {
		this.runner
			.withPropertyValues("mtls.bundle=mine", "spring.ssl.bundle.pem.mine.keystore.certificate=file:" + this.certificate,
					"spring.ssl.bundle.pem.mine.keystore.private-key=file:" + this.key,
					"spring.ssl.bundle.pem.mine.truststore.certificate=file:" + this.ca)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MtlsMaterial.class).identity().certificate())
					.isEqualTo(this.server.certificate());
				assertThat(context.getBean(MtlsMaterial.class).trust().anchors()).containsExactly(this.pki.root().certificate());
				assertThat(context.getBean(SslBundles.class).getBundleNames()).contains("mtls", "mine");
			});
	}

	@Test
	void followsReloadsOfTheExistingSpringSslBundle() {
		this.runner
			.withPropertyValues("mtls.bundle=mine", "spring.ssl.bundle.pem.mine.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms",
					"spring.ssl.bundle.pem.mine.keystore.certificate=file:" + this.certificate,
					"spring.ssl.bundle.pem.mine.keystore.private-key=file:" + this.key,
					"spring.ssl.bundle.pem.mine.truststore.certificate=file:" + this.ca)
			.run((context) -> {
				MtlsMaterial material = context.getBean(MtlsMaterial.class);
				IssuedCertificate renewed = this.pki.server("server");
				this.pki.write("server", renewed);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> material.identity().certificate().equals(renewed.certificate()));
				assertThat(material.lastReload().success()).isTrue();
			});
	}

	@Test
	void failsWhenMtlsBundleNamesNoBundle() {
		this.runner.withPropertyValues("mtls.bundle=missing")
			.run((context) -> assertFailure(context, "mtls.bundle 'missing'", "no SSL bundle has this name",
					"spring.ssl.bundle.pem.missing"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("mtls.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MtlsMaterial.class));
	}

	@Test
	void decidesValidityByTheApplicationsClock() {
		// A day after the identity expires: startup refuses it, as it would at that time.
		Clock late = Clock.fixed(this.server.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1)),
				ZoneOffset.UTC);
		this.runner.withPropertyValues(pem())
			.withBean(Clock.class, () -> late)
			.run((context) -> assertFailure(context, "the identity certificate (subject CN=server", "expired at"));
		Clock early = Clock.offset(Clock.systemUTC(), Duration.ZERO);
		this.runner.withPropertyValues(pem())
			.withBean(Clock.class, () -> early)
			.run((context) -> assertThat(context.getBean(MtlsMaterial.class).clock()).isSameAs(early));
	}

	@Test
	void loadsEncryptedPkcs8KeyWithPassword() throws Exception {
		Path encrypted = Files.writeString(this.directory.resolve("encrypted.key"), encryptedPem("s3cret"));
		this.runner
			.withPropertyValues(pem("mtls.identity.private-key=file:" + encrypted,
					"mtls.identity.private-key-password=s3cret"))
			.run((context) -> assertThat(context.getBean(MtlsMaterial.class).identity().privateKey())
				.isEqualTo(this.server.privateKey()));
	}

	@Test
	void failsForEncryptedKeyWithoutPassword() throws Exception {
		Path encrypted = Files.writeString(this.directory.resolve("encrypted.key"), encryptedPem("s3cret"));
		this.runner.withPropertyValues(pem("mtls.identity.private-key=file:" + encrypted))
			.run((context) -> assertFailure(context, "mtls.identity.private-key", "private key cannot be read",
					"mtls.identity.private-key-password"));
	}

	@Test
	void loadsSec1EcAndPkcs1RsaKeysWrittenByOpenssl() throws Exception {
		String[][] keys = { { "ecparam", "-name", "prime256v1", "-genkey", "-noout" }, { "genrsa", "-traditional" } };
		String[] headers = { "BEGIN EC PRIVATE KEY", "BEGIN RSA PRIVATE KEY" };
		for (int i = 0; i < keys.length; i++) {
			Path key = this.directory.resolve("legacy" + i + ".key");
			Path certificate = this.directory.resolve("legacy" + i + ".crt");
			List<String> generate = new ArrayList<>(List.of("openssl"));
			generate.addAll(List.of(keys[i]));
			generate.addAll(List.of("-out", key.toString()));
			assertThat(Command.run(generate.toArray(String[]::new)).exitCode()).isZero();
			assertThat(Files.readString(key)).contains(headers[i]);
			assertThat(Command.run("openssl", "req", "-x509", "-key", key.toString(), "-subj", "/CN=legacy", "-days",
					"1", "-out", certificate.toString()).exitCode()).isZero();
			this.runner
				.withPropertyValues(pem("mtls.identity.certificate=file:" + certificate,
						"mtls.identity.private-key=file:" + key))
				.run((context) -> assertThat(context.getBean(MtlsMaterial.class).identity().certificate()
					.getSubjectX500Principal()
					.getName()).isEqualTo("CN=legacy"));
		}
	}

	@Test
	void acceptsInlinePem() {
		this.runner
			.withPropertyValues("mtls.identity.certificate=" + this.server.chainPem(),
					"mtls.identity.private-key=" + this.server.privateKeyPem(),
					"mtls.trust.certificates=" + this.pki.root().certificatePem())
			.run((context) -> assertThat(context.getBean(MtlsMaterial.class).identity().certificate())
				.isEqualTo(this.server.certificate()));
	}

	@Test
	void failsWithoutIdentity() {
		this.runner.run((context) -> assertFailure(context, "no identity is configured", "mtls.identity.certificate",
				"mtls.dev.enabled"));
	}

	@Test
	void failsWhenCertificateFileIsMissing() {
		String missing = this.directory.resolve("nope.crt").toString();
		this.runner.withPropertyValues(pem("mtls.identity.certificate=file:" + missing))
			.run((context) -> assertFailure(context, "mtls.identity.certificate 'file:" + missing + "'",
					"does not exist", "Point mtls.identity.certificate at an existing file"));
	}

	@Test
	void failsWhenTrustFileIsUnreadable() {
		// A directory: unreadable as a file even for root, who reads past file permissions.
		this.runner.withPropertyValues(pem("mtls.trust.certificates=file:" + this.directory))
			.run((context) -> assertFailure(context, "mtls.trust.certificates", "cannot be read",
					"Make the file readable"));
	}

	@Test
	void failsWhenCertificateIsGarbage() throws Exception {
		Path garbage = Files.writeString(this.directory.resolve("garbage.crt"), "this is not a certificate");
		this.runner.withPropertyValues(pem("mtls.identity.certificate=file:" + garbage))
			.run((context) -> assertFailure(context, "mtls.identity.certificate 'file:" + garbage + "'",
					"is not valid PEM", "BEGIN CERTIFICATE"));
	}

	@Test
	void failsWhenPrivateKeyIsGarbage() throws Exception {
		Path garbage = Files.writeString(this.directory.resolve("garbage.key"),
				"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
		this.runner.withPropertyValues(pem("mtls.identity.private-key=file:" + garbage))
			.run((context) -> assertFailure(context, "mtls.identity.private-key 'file:" + garbage + "'",
					"private key cannot be read", "PKCS#8"));
	}

	@Test
	void failsWhenPrivateKeyDoesNotMatchCertificate() {
		this.pki.write("other", this.pki.server("other"));
		Path otherKey = this.pki.key("other");
		this.runner.withPropertyValues(pem("mtls.identity.private-key=file:" + otherKey))
			.run((context) -> assertFailure(context, "private key", "does not match the certificate",
					otherKey.toString(), this.certificate.toString(), "same secret"));
	}

	@Test
	void aMismatchedInlineKeyIsNotRevealedInTheFailure() {
		IssuedCertificate other = this.pki.server("other");
		this.runner.withPropertyValues(pem("mtls.identity.private-key=" + other.privateKeyPem()))
			.run((context) -> {
				assertFailure(context, "private key", "does not match the certificate", "<inline PEM>");
				assertThat(context.getStartupFailure()).rootCause().message().doesNotContain("PRIVATE KEY");
			});
	}

	@Test
	void refusesAKeyThatCannotSignHandshakes() throws Exception {
		java.security.KeyPair x25519 = java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
		Path key = Files.writeString(this.directory.resolve("x25519.key"), "-----BEGIN PRIVATE KEY-----\n"
				+ java.util.Base64.getMimeEncoder().encodeToString(x25519.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n");
		this.runner.withPropertyValues(pem("mtls.identity.private-key=file:" + key))
			.run((context) -> assertFailure(context, "mtls.identity.private-key", "XDH key", "cannot sign"));
	}

	@Test
	void anExpiredIdentityFailsStartupNamingTheFileAndTheDate() {
		IssuedCertificate expired = this.pki.expiredClient("late");
		Path file = this.pki.write("late", expired);
		this.runner.withPropertyValues(pem("mtls.identity.certificate=file:" + file,
				"mtls.identity.private-key=file:" + this.pki.key("late")))
			.run((context) -> assertFailure(context, "mtls.identity.certificate 'file:" + file + "'",
					"the identity certificate (subject CN=late", "expired at " + expired.certificate().getNotAfter().toInstant(),
					"Renew it"));
	}

	@Test
	void aNotYetValidIdentityFailsStartup() {
		Path file = this.pki.write("early", this.pki.notYetValidClient("early"));
		this.runner.withPropertyValues(pem("mtls.identity.certificate=file:" + file,
				"mtls.identity.private-key=file:" + this.pki.key("early")))
			.run((context) -> assertFailure(context, "mtls.identity.certificate", "is not valid before", "clock"));
	}

	@Test
	void reloadOfIdenticalMaterialChangesNothing() {
		this.runner.withPropertyValues(pem()).run((context) -> {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			List<String> updates = new ArrayList<>();
			material.addUpdateListener(() -> updates.add("updated"));
			long generation = material.generation();
			ReloadOutcome unchanged = material.reload();
			assertThat(unchanged.success()).isTrue();
			assertThat(unchanged.unchanged()).isTrue();
			assertThat(material.generation()).isEqualTo(generation);
			assertThat(updates).isEmpty();
			// The twin: a renewed certificate is swapped in.
			this.pki.write("server", this.pki.server("server"));
			ReloadOutcome renewed = material.reload();
			assertThat(renewed.success()).isTrue();
			assertThat(renewed.unchanged()).isFalse();
			assertThat(material.generation()).isEqualTo(generation + 1);
			assertThat(updates).hasSize(1);
		});
	}

	@Test
	void reloadRefusesACertificateThatIsNotValidYet() {
		this.runner.withPropertyValues(pem()).run((context) -> {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			this.pki.write("server", this.pki.notYetValidClient("server"));
			ReloadOutcome outcome = material.reload();
			assertThat(outcome.success()).isFalse();
			assertThat(outcome.error()).contains("is not valid before");
			assertThat(material.identity().certificate()).isEqualTo(this.server.certificate());
		});
	}

	@Test
	void failsWhenKeyStorePasswordIsWrong() throws Exception {
		Path keystore = keyStore("identity.p12", "secret", true);
		this.runner
			.withPropertyValues("mtls.identity.keystore.location=file:" + keystore,
					"mtls.identity.keystore.password=wrong", "mtls.trust.certificates=file:" + this.ca)
			.run((context) -> assertFailure(context, "mtls.identity.keystore.location 'file:" + keystore + "'",
					"password is wrong", "mtls.identity.keystore.password"));
	}

	@Test
	void failsWhenIdentityIsConfiguredTwice() {
		this.runner.withPropertyValues(pem("mtls.identity.keystore.location=file:/x.p12"))
			.run((context) -> assertFailure(context, "both mtls.identity.certificate and mtls.identity.keystore.location"));
	}

	private String encryptedPem(String password) throws Exception {
		// openssl 3 writes PBES2 (PBKDF2 + AES-256-CBC), as cert-manager and most tools do.
		Command openssl = Command.run("openssl", "pkcs8", "-topk8", "-in", this.key.toString(), "-passout",
				"pass:" + password);
		assertThat(openssl.output()).contains("BEGIN ENCRYPTED PRIVATE KEY");
		return openssl.output();
	}

	private String[] pem(String... overrides) {
		String[] defaults = { "mtls.identity.certificate=file:" + this.certificate,
				"mtls.identity.private-key=file:" + this.key, "mtls.trust.certificates=file:" + this.ca };
		String[] result = new String[defaults.length + overrides.length];
		System.arraycopy(defaults, 0, result, 0, defaults.length);
		System.arraycopy(overrides, 0, result, defaults.length, overrides.length);
		return result;
	}

	private Path keyStore(String name, String password, boolean withKey) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		if (withKey) {
			store.setKeyEntry("server", this.server.privateKey(), password.toCharArray(),
					this.server.chain().toArray(X509Certificate[]::new));
		}
		else {
			store.setCertificateEntry("root", this.pki.root().certificate());
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		store.store(out, password.toCharArray());
		return Files.write(this.directory.resolve(name), out.toByteArray());
	}

	static void assertFailure(AssertableApplicationContext context, String... fragments) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof FailureAnalyzedException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("a FailureAnalyzedException in %s", context.getStartupFailure()).isNotNull();
		var analysis = ((FailureAnalyzedException) failure).analysis();
		assertThat(analysis.getDescription() + "\n" + analysis.getAction()).contains(fragments);
	}

}
