package dev.mtls.boot.revocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * When revocation checking is configured, what a bad CRL location does at startup, and whose clock
 * judges a CRL's validity.
 */
class MtlsRevocationAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner;

	private TestPki pki;

	@BeforeEach
	void runner() {
		this.pki = new TestPki(this.directory);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsRevocationAutoConfiguration.class))
			.withPropertyValues(this.pki.properties("app"));
	}

	@Test
	void isOffByDefault() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RevocationCheck.class));
	}

	@Test
	void checksWithCrlsFromFiles() throws Exception {
		Path crl = Files.writeString(this.directory.resolve("root.crl"), TestPki.crl(this.pki.root(), Duration.ofDays(1)));
		this.runner.withPropertyValues("mtls.revocation.mode=crl", "mtls.revocation.crl-locations=file:" + crl)
			.run((context) -> {
				assertThat(context).hasSingleBean(RevocationCheck.class);
				assertThat(context.getBean(CrlStore.class).current()).hasSize(1);
			});
	}

	@Test
	void judgesCrlValidityByTheApplicationsClock() throws Exception {
		Path crl = Files.writeString(this.directory.resolve("root.crl"), TestPki.crl(this.pki.root(), Duration.ofDays(1)));
		X509Certificate[] client = { this.pki.client("orders").certificate() };
		MutableClock clock = new MutableClock(Instant.now());
		this.runner.withPropertyValues("mtls.revocation.mode=crl", "mtls.revocation.crl-locations=file:" + crl)
			.withBean(Clock.class, () -> clock)
			.run((context) -> {
				RevocationCheck check = context.getBean(RevocationCheck.class);
				// Two days on by the application's clock, the CRL's nextUpdate has passed.
				clock.set(Instant.now().plus(Duration.ofDays(2)));
				assertThatExceptionOfType(CertificateException.class).isThrownBy(() -> check.check(client, true))
					.withMessage("Revocation status unknown: Could not determine revocation status");
			});
		// The twin: the same CRL while it is current.
		this.runner.withPropertyValues("mtls.revocation.mode=crl", "mtls.revocation.crl-locations=file:" + crl)
			.withBean(Clock.class, () -> clock)
			.run((context) -> {
				clock.set(Instant.now());
				assertThatNoException().isThrownBy(() -> context.getBean(RevocationCheck.class).check(client, true));
			});
	}

	@Test
	void failsForUnreadableCrlFile() throws Exception {
		Path garbage = Files.writeString(this.directory.resolve("garbage.crl"), "not a crl");
		this.runner.withPropertyValues("mtls.revocation.mode=ocsp-then-crl",
				"mtls.revocation.crl-locations=file:" + garbage)
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (!(failure instanceof FailureAnalyzedException)) {
					failure = failure.getCause();
				}
				assertThat(failure).hasMessageContaining("mtls.revocation.crl-locations[0] 'file:" + garbage + "'")
					.hasMessageContaining("the CRL cannot be read");
			});
	}

}
