package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import dev.mtls.boot.core.PrincipalMode;
import dev.mtls.boot.devca.CertificateBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

	private static String name(PrincipalMode mode, X509Certificate certificate) {
		return CertificateNames.principalName(mode, certificate);
	}

}
