package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import dev.mtls.boot.core.PrincipalMode;
import dev.mtls.boot.devca.CertificateBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each {@code mtls.principal} mode reads the right part of a certificate.
 */
class CertificateNamesTests {

	private final X509Certificate full = new CertificateBuilder()
		.subject("EMAILADDRESS=ops@shop.example,CN=orders,OU=payments,O=Shop")
		.uri("https://shop.example/orders")
		.uri("spiffe://shop.example/ns/prod/sa/orders")
		.dns("orders.shop.example")
		.email("orders@shop.example")
		.issue()
		.certificate();

	private final X509Certificate plain = new CertificateBuilder()
		.subject("EMAILADDRESS=ops@shop.example,CN=legacy-client,O=Shop")
		.issue()
		.certificate();

	@Test
	void spiffeIdOrCnPrefersSpiffeUriSan() {
		assertThat(name(PrincipalMode.SPIFFE_ID_OR_CN, this.full)).isEqualTo("spiffe://shop.example/ns/prod/sa/orders");
	}

	@Test
	void spiffeIdOrCnFallsBackToCommonName() {
		assertThat(name(PrincipalMode.SPIFFE_ID_OR_CN, this.plain)).isEqualTo("legacy-client");
	}

	@Test
	void cnReadsCommonName() {
		assertThat(name(PrincipalMode.CN, this.full)).isEqualTo("orders");
	}

	@Test
	void dnReadsWholeSubject() {
		assertThat(name(PrincipalMode.DN, this.full)).isEqualTo(this.full.getSubjectX500Principal().getName())
			.endsWith(",CN=orders,OU=payments,O=Shop");
	}

	@Test
	void sanDnsReadsFirstDnsName() {
		assertThat(name(PrincipalMode.SAN_DNS, this.full)).isEqualTo("orders.shop.example");
	}

	@Test
	void sanUriReadsFirstUri() {
		assertThat(name(PrincipalMode.SAN_URI, this.full)).isEqualTo("https://shop.example/orders");
	}

	@Test
	void emailPrefersSanThenSubjectAttribute() {
		assertThat(name(PrincipalMode.EMAIL, this.full)).isEqualTo("orders@shop.example");
		assertThat(name(PrincipalMode.EMAIL, this.plain)).isEqualTo("ops@shop.example");
	}

	@Test
	void missingNameIsNull() {
		assertThat(name(PrincipalMode.SAN_DNS, this.plain)).isNull();
		assertThat(name(PrincipalMode.SAN_URI, this.plain)).isNull();
	}

	@Test
	void commonNameThatSpellsASpiffeIdIsRefusedInEveryModeThatReadsIt() {
		X509Certificate spelled = new CertificateBuilder().subject("CN=spiffe://shop.example/ns/prod/sa/proxy")
			.issue()
			.certificate();
		for (PrincipalMode mode : new PrincipalMode[] { PrincipalMode.SPIFFE_ID_OR_CN, PrincipalMode.CN }) {
			assertThatExceptionOfType(CertificateNames.UnacceptableNameException.class)
				.isThrownBy(() -> name(mode, spelled))
				.withMessageContaining("common name that spells a SPIFFE ID");
		}
		X509Certificate upperCase = new CertificateBuilder().subject("CN= SPIFFE://shop.example/sa/proxy")
			.issue()
			.certificate();
		assertThatExceptionOfType(CertificateNames.UnacceptableNameException.class)
			.isThrownBy(() -> name(PrincipalMode.SPIFFE_ID_OR_CN, upperCase));
		// The whole subject is no SPIFFE ID, and an ordinary common name still works.
		assertThat(name(PrincipalMode.DN, spelled)).startsWith("CN=spiffe://");
		assertThat(name(PrincipalMode.SPIFFE_ID_OR_CN, this.plain)).isEqualTo("legacy-client");
	}

	@Test
	void moreThanOneSpiffeIdIsRefused() {
		X509Certificate two = new CertificateBuilder().subject("CN=orders")
			.uri("spiffe://shop.example/sa/orders")
			.uri("spiffe://shop.example/sa/admin")
			.issue()
			.certificate();
		assertThatExceptionOfType(CertificateNames.UnacceptableNameException.class)
			.isThrownBy(() -> name(PrincipalMode.SPIFFE_ID_OR_CN, two))
			.withMessageContaining("more than one SPIFFE ID");
		assertThatExceptionOfType(CertificateNames.UnacceptableNameException.class)
			.isThrownBy(() -> name(PrincipalMode.CN, two));
		assertThat(CertificateNames.spiffeId(two)).isNull();
	}

	@Test
	void spiffeIdsFollowTheSpiffeSyntax() {
		for (String malformed : new String[] { "spiffe://Shop.example/sa/orders", "spiffe://shop.example/sa/../admin",
				"spiffe://shop.example/sa/./orders", "spiffe://shop.example//orders", "spiffe://shop.example/orders/",
				"spiffe://shop.example:8443/orders", "spiffe://user@shop.example/orders",
				"spiffe://shop.example/orders?x=1", "spiffe://shop.example/orders#x", "spiffe:///orders",
				"SPIFFE://shop.example/orders", "spiffe://shop.example/or%41ders" }) {
			X509Certificate certificate = new CertificateBuilder().subject("CN=orders").uri(malformed).issue().certificate();
			assertThatExceptionOfType(CertificateNames.UnacceptableNameException.class).as(malformed)
				.isThrownBy(() -> name(PrincipalMode.SPIFFE_ID_OR_CN, certificate))
				.withMessageContaining("malformed SPIFFE ID");
		}
		for (String valid : new String[] { "spiffe://shop.example", "spiffe://shop.example/ns/prod/sa/orders",
				"spiffe://a-b_c.d/A.b-C_9/..x" }) {
			X509Certificate certificate = new CertificateBuilder().subject("CN=orders").uri(valid).issue().certificate();
			assertThat(name(PrincipalMode.SPIFFE_ID_OR_CN, certificate)).isEqualTo(valid);
		}
	}

	private static String name(PrincipalMode mode, X509Certificate certificate) {
		return CertificateNames.principalName(mode, certificate);
	}

}
