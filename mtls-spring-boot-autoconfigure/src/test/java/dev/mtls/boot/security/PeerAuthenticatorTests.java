package dev.mtls.boot.security;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.core.PrincipalMode;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.authentication.BadCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How long {@link PeerAuthenticator} keeps a decision about a chain: never past the validity of
 * any certificate in it.
 */
class PeerAuthenticatorTests {

	@TempDir
	Path directory;

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final List<Boolean> resolutions = new ArrayList<>();

	private PeerAuthenticator authenticator;

	private X509Certificate[] chain;

	@BeforeEach
	void setUp() {
		TestPki pki = new TestPki(this.directory);
		IssuedCertificate intermediate = new CertificateBuilder().subject("CN=Short Intermediate")
			.authority()
			.validity(this.clock.instant().minus(Duration.ofDays(1)), this.clock.instant().plus(Duration.ofHours(1)))
			.issuedBy(pki.root())
			.issue();
		IssuedCertificate leaf = new CertificateBuilder().subject("CN=peer")
			.uri(TestPki.spiffeId("peer"))
			.validity(this.clock.instant().minus(Duration.ofHours(1)), this.clock.instant().plus(Duration.ofDays(30)))
			.issuedBy(intermediate)
			.issue();
		this.chain = new X509Certificate[] { leaf.certificate(), intermediate.certificate() };
		PeerAuthenticationListener listener = new PeerAuthenticationListener() {

			@Override
			public void authenticated(PeerAuthentication authentication, boolean firstForCertificate) {
				PeerAuthenticatorTests.this.resolutions.add(firstForCertificate);
			}

		};
		this.authenticator = new PeerAuthenticator(PrincipalMode.SPIFFE_ID_OR_CN, Grants.of(List.of()), null, List.of(listener),
				List.of(), this.clock);
	}

	@Test
	void keepsTheDecisionWhileEveryCertificateIsValid() {
		this.authenticator.authenticate(this.chain, false);
		this.clock.set(this.clock.instant().plus(Duration.ofMinutes(59)));
		this.authenticator.authenticate(this.chain, false);
		assertThat(this.resolutions).containsExactly(true, false);
	}

	@Test
	void refusesTheChainOnceAnyCertificateInItExpired() {
		this.authenticator.authenticate(this.chain, false);
		this.clock.set(this.chain[1].getNotAfter().toInstant().plusSeconds(1));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.authenticator.authenticate(this.chain, false))
			.withMessageContaining("CN=Short Intermediate");
	}

	@Test
	void refusesTheChainBeforeItsCertificatesAreValid() {
		this.clock.set(this.chain[0].getNotBefore().toInstant().minusSeconds(1));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.authenticator.authenticate(this.chain, false))
			.withMessageContaining("CN=peer");
	}

}
