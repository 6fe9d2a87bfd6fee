package dev.mtls.boot.revocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What {@link RevocationCheck} decides for chains as callers present them: on the path PKIX builds
 * to the trust set, remembered per path.
 */
class RevocationCheckTests {

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate good;

	private IssuedCertificate revoked;

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner() throws Exception {
		this.pki = new TestPki(this.directory);
		this.good = this.pki.client("good");
		this.revoked = this.pki.client("revoked");
		Path crl = Files.writeString(this.directory.resolve("root.crl"),
				TestPki.crl(this.pki.root(), Duration.ofDays(1), this.revoked));
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsRevocationAutoConfiguration.class))
			.withPropertyValues(this.pki.properties("app"))
			.withPropertyValues("mtls.revocation.mode=crl", "mtls.revocation.crl-locations=file:" + crl);
	}

	@Test
	void paddedChainIsAnsweredForTheLeafsOwnPath() {
		X509Certificate padding = this.pki.selfSignedCopyOf("padding").certificate();
		this.runner.run((context) -> {
			RevocationCheck check = context.getBean(RevocationCheck.class);
			assertThatNoException().isThrownBy(() -> check.check(chain(this.good.certificate(), padding), true));
			assertThatNoException().isThrownBy(() -> check.check(chain(this.good.certificate()), true));
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.revoked.certificate(), padding), true))
				.withMessageStartingWith("Certificate revoked");
			// One answer per built path, however the chains were padded.
			assertThat(check.cachedAnswers()).isEqualTo(2);
		});
	}

	@Test
	void chainWithoutPathToTheTrustSetIsRefusedAndNotRemembered() {
		IssuedCertificate stranger = this.pki.selfSignedCopyOf("stranger");
		this.runner.withPropertyValues("mtls.revocation.soft-fail=true").run((context) -> {
			RevocationCheck check = context.getBean(RevocationCheck.class);
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(stranger.certificate(), this.pki.root().certificate()), true))
				.withMessageStartingWith("No certification path");
			assertThat(check.cachedAnswers()).isZero();
		});
	}

	private static X509Certificate[] chain(X509Certificate... certificates) {
		return certificates;
	}

}
