package dev.mtls.boot.core;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Refusals are classified from the JDK's own PKIX exceptions and logged once per peer and reason
 * in a period.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTests {

	private TestPki pki;

	private X509TrustManager trustManager;

	@BeforeEach
	void trustManager(@TempDir Path directory) throws Exception {
		this.pki = new TestPki(directory);
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("root", this.pki.root().certificate());
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(trust);
		this.trustManager = (X509TrustManager) factory.getTrustManagers()[0];
	}

	@Test
	void classifiesRealPkixFailures() {
		assertThat(reasonFor(this.pki.expiredClient("a"))).isEqualTo(RefusalReason.EXPIRED);
		assertThat(reasonFor(this.pki.notYetValidClient("a"))).isEqualTo(RefusalReason.NOT_YET_VALID);
		assertThat(reasonFor(this.pki.selfSignedCopyOf("a"))).isEqualTo(RefusalReason.UNTRUSTED);
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		assertThat(reasonFor(this.pki.client("a", otherCa))).isEqualTo(RefusalReason.UNTRUSTED);
		assertThat(reasonFor(this.pki.serverOnlyClient("a"))).isEqualTo(RefusalReason.BAD_USAGE);
		assertThat(RefusalReason.NOT_YET_VALID.tag()).isEqualTo("not-yet-valid");
	}

	@Test
	void logsOncePerPeerAndReasonInAPeriod(CapturedOutput output) {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		RefusalLog log = new RefusalLog(clock, Duration.ofMinutes(5));
		IssuedCertificate expired = this.pki.expiredClient("orders");
		X509Certificate[] chain = expired.chain().toArray(X509Certificate[]::new);
		CertificateException failure = failureFor(expired);
		assertThat(log.refused("server", RefusalReason.of(failure), chain, "10.1.2.3:5000", failure)).isTrue();
		assertThat(log.refused("server", RefusalReason.of(failure), chain, "10.1.2.3:5001", failure)).isFalse();
		clock.advance(Duration.ofMinutes(6));
		assertThat(log.refused("server", RefusalReason.of(failure), chain, "10.1.2.3:5002", failure)).isTrue();
		assertThat(output).contains("mTLS server refused client certificate from 10.1.2.3:5000: subject=\"CN=orders\"")
			.contains("issuer=\"CN=Test Root CA,O=mtls tests\"")
			.contains("serial=" + expired.certificate().getSerialNumber().toString(16))
			.contains("reason=expired")
			.contains("the peer must renew it")
			.doesNotContain("10.1.2.3:5001");
	}

	@Test
	void untrustedHintNamesTheIssuerAndTheProperty(CapturedOutput output) {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		IssuedCertificate client = this.pki.client("orders", otherCa);
		CertificateException failure = failureFor(client);
		new RefusalLog(Clock.systemUTC(), Duration.ofMinutes(5)).refused("server", RefusalReason.of(failure),
				client.chain().toArray(X509Certificate[]::new), null, failure);
		assertThat(output).contains("reason=untrusted")
			.contains("It is issued by \"CN=Other CA\", which is not (or not the signer) in mtls.trust.certificates.");
	}

	@Test
	void subjectsThatCarryLineBreaksOrQuotesCannotForgeALogLine(CapturedOutput output) {
		IssuedCertificate forged = new CertificateBuilder()
			.subject("CN=x\\\" reason=ok\n2026-01-01 INFO mTLS accepted admin\u2028\u001b[2J")
			.issue();
		CertificateException failure = failureFor(forged);
		RefusalLog log = new RefusalLog(Clock.systemUTC(), Duration.ofMinutes(5));
		log.refused("server", RefusalReason.of(failure), forged.chain().toArray(X509Certificate[]::new),
				"10.1.2.3:5000", failure);
		assertThat(output).contains("ok\\u000a2026-01-01 INFO mTLS accepted admin\\u2028\\u001b[2J")
			.doesNotContain("\n2026-01-01 INFO")
			.doesNotContain("\u001b")
			.doesNotContain("x\" reason=ok");
		assertThat(log.recent().get(0).subject()).doesNotContain("\n");
	}

	@Test
	void oneHostInventingCertificatesCannotFloodTheLogNorFlushOtherRefusals(CapturedOutput output) {
		RefusalLog log = new RefusalLog(Clock.systemUTC(), Duration.ofMinutes(5));
		IssuedCertificate expired = this.pki.expiredClient("orders");
		CertificateException expiredFailure = failureFor(expired);
		log.refused("server", RefusalReason.of(expiredFailure), expired.chain().toArray(X509Certificate[]::new),
				"10.0.0.7:4000", expiredFailure);
		int logged = 0;
		for (int i = 0; i < 60; i++) {
			IssuedCertificate invented = new CertificateBuilder().subject("CN=invented-" + i).issue();
			CertificateException failure = failureFor(invented);
			if (log.refused("server", RefusalReason.of(failure), invented.chain().toArray(X509Certificate[]::new),
					"192.0.2.66:" + (5000 + i), failure)) {
				logged++;
			}
		}
		assertThat(logged).isEqualTo(RefusalLog.LOGGED_PER_SOURCE);
		assertThat(output).contains("Further refusals from this host are counted but not logged");
		assertThat(log.recent()).hasSize(RefusalLog.LISTED_PER_SOURCE + 2)
			.anySatisfy((refusal) -> assertThat(refusal.subject()).isEqualTo("CN=orders"))
			.anySatisfy((refusal) -> {
				assertThat(refusal.subject()).startsWith("(more distinct certificates");
				assertThat(refusal.count()).isEqualTo(60 - RefusalLog.LISTED_PER_SOURCE);
			});
		// The twin: another host's new refusal is still logged.
		IssuedCertificate other = new CertificateBuilder().subject("CN=other-host").issue();
		CertificateException failure = failureFor(other);
		assertThat(log.refused("server", RefusalReason.of(failure), other.chain().toArray(X509Certificate[]::new),
				"10.0.0.8:4000", failure)).isTrue();
	}

	private RefusalReason reasonFor(IssuedCertificate client) {
		return RefusalReason.of(failureFor(client));
	}

	private CertificateException failureFor(IssuedCertificate client) {
		CertificateException failure = catchThrowableOfType(CertificateException.class,
				() -> this.trustManager.checkClientTrusted(client.chain().toArray(X509Certificate[]::new), "EC"));
		assertThat(failure).isNotNull();
		return failure;
	}

}
