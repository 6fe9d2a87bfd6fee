package dev.mtls.boot.spiffe;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mtls.boot.core.TrustSet;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each trust bundle vouches only for its own trust domain, as Envoy's SPIFFE validator has it.
 */
class TrustDomainCheckTests {

	private static final TrustDomain OWN = TrustDomain.parse(TestPki.TRUST_DOMAIN);

	private static final TrustDomain PARTNER = TrustDomain.parse("partner.example");

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate partnerCa;

	private final Map<TrustDomain, X509Bundle> bundles = new java.util.HashMap<>();

	private final List<X509Certificate> inService = new ArrayList<>();

	private TrustDomainCheck check;

	@BeforeEach
	void federate() {
		this.pki = new TestPki(this.directory);
		this.partnerCa = new CertificateBuilder().subject("CN=Partner CA").authority().issue();
		this.bundles.put(OWN, new X509Bundle(OWN, Set.of(this.pki.root().certificate())));
		this.bundles.put(PARTNER, new X509Bundle(PARTNER, Set.of(this.partnerCa.certificate())));
		this.inService.addAll(List.of(this.pki.root().certificate(), this.partnerCa.certificate()));
		this.check = new TrustDomainCheck(this.bundles::get, () -> new TrustSet(this.inService));
	}

	@Test
	void acceptsAPeerIssuedByItsOwnTrustDomainsCa() {
		assertThatCode(() -> this.check.check(chain(this.pki.client("orders")), true)).doesNotThrowAnyException();
	}

	@Test
	void acceptsAFederatedPeerIssuedByItsTrustDomainsCa() {
		IssuedCertificate partner = issue("spiffe://partner.example/billing", this.partnerCa);
		assertThatCode(() -> this.check.check(chain(partner), false)).doesNotThrowAnyException();
	}

	@Test
	void refusesAFederatedCaIssuingAnIdOfAnotherTrustDomain() {
		IssuedCertificate impostor = issue(TestPki.spiffeId("admin"), this.partnerCa);
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.check.check(chain(impostor), true))
			.withMessageContaining(TestPki.spiffeId("admin"))
			.withMessageContaining("is not issued by a CA of its own trust domain test.example");
	}

	@Test
	void refusesAPeerOfATrustDomainWithoutBundle() {
		IssuedCertificate stranger = issue("spiffe://stranger.example/api", this.partnerCa);
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.check.check(chain(stranger), true))
			.withMessageContaining("claims trust domain stranger.example, for which no trust bundle is held");
	}

	@Test
	void refusesABundleAuthorityThatIsNotInService() {
		this.inService.remove(this.partnerCa.certificate());
		IssuedCertificate partner = issue("spiffe://partner.example/billing", this.partnerCa);
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.check.check(chain(partner), true))
			.withMessageContaining("no trust bundle is held");
	}

	@Test
	void refusesACertificateWithoutSpiffeId() {
		IssuedCertificate plain = new CertificateBuilder().subject("CN=plain").dns("plain.test").issuedBy(this.pki.root()).issue();
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.check.check(chain(plain), true))
			.withMessageContaining("is not an X.509-SVID: it has 0 URI names");
	}

	private static IssuedCertificate issue(String spiffeId, IssuedCertificate ca) {
		return new CertificateBuilder().subject("CN=peer").uri(spiffeId).issuedBy(ca).issue();
	}

	private static X509Certificate[] chain(IssuedCertificate certificate) {
		return certificate.chain().toArray(X509Certificate[]::new);
	}

}
