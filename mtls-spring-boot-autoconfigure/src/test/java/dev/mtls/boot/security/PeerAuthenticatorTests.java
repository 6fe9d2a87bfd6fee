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
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.x509.SubjectDnX509PrincipalExtractor;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How long {@link PeerAuthenticator} keeps a decision about a chain (never past the validity of
 * any certificate in it), and how it asks the principal extractor and grant resolver.
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

	@Test
	void asksTheGrantResolverOncePerCertificateNotPerRequest() {
		List<String> asked = new ArrayList<>();
		PeerGrantResolver resolver = (principal, certificate) -> {
			asked.add(principal);
			return List.of(new SimpleGrantedAuthority("SCOPE_" + certificate.getSerialNumber()));
		};
		PeerAuthenticator authenticator = new PeerAuthenticator(new PrincipalModeExtractor(PrincipalMode.CN), resolver,
				null, List.of(), List.of(), this.clock);
		for (int i = 0; i < 3; i++) {
			assertThat(authenticator.authenticate(this.chain, false).getAuthorities()).extracting("authority")
				.containsExactly("SCOPE_" + this.chain[0].getSerialNumber());
		}
		assertThat(asked).containsExactly("peer");
		// A second certificate is a second question; its first answer is not lost.
		authenticator.authenticate(new X509Certificate[] { this.chain[1] }, false);
		authenticator.authenticate(this.chain, false);
		assertThat(asked).containsExactly("peer", "Short Intermediate");
	}

	@Test
	void namesThePeerByWhatTheApplicationsExtractorFinds() {
		X509PrincipalExtractor subject = (certificate) -> certificate.getSubjectX500Principal();
		PeerAuthenticator authenticator = new PeerAuthenticator(subject, Grants.of(List.of()), null, List.of(),
				List.of(), this.clock);
		assertThat(authenticator.authenticate(this.chain, false).getName()).isEqualTo("CN=peer");
		PeerAuthenticator dnRegex = new PeerAuthenticator(new SubjectDnX509PrincipalExtractor(), Grants.of(List.of()),
				null, List.of(), List.of(), this.clock);
		assertThat(dnRegex.authenticate(this.chain, false).getName()).isEqualTo("peer");
	}

	@Test
	void refusesAPeerTheApplicationsExtractorFindsNoNameFor() {
		PeerAuthenticator authenticator = new PeerAuthenticator((certificate) -> null, Grants.of(List.of()), null,
				List.of(), List.of(), this.clock);
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> authenticator.authenticate(this.chain, false))
			.withMessage("the client certificate (subject CN=peer) has no principal name: the X509PrincipalExtractor found none");
	}

}
