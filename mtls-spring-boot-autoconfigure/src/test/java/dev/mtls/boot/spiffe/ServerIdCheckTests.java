package dev.mtls.boot.spiffe;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import io.spiffe.spiffeid.TrustDomain;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalyzedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Servers this service calls are verified by their SPIFFE ID instead of their host name.
 */
class ServerIdCheckTests {

	private static final IssuedCertificate CA = new CertificateBuilder().subject("CN=CA").authority().issue();

	private static final TrustDomain OWN = TrustDomain.parse("shop.example");

	@Test
	void acceptsAServerMatchingAnExpectedPattern() {
		ServerIdCheck check = new ServerIdCheck(List.of("spiffe://shop.example/ns/*/sa/inventory"), () -> OWN);
		assertThatCode(() -> check.check(server("spiffe://shop.example/ns/prod/sa/inventory"), false))
			.doesNotThrowAnyException();
	}

	@Test
	void refusesAServerMatchingNoExpectedId() {
		ServerIdCheck check = new ServerIdCheck(List.of("spiffe://shop.example/ns/prod/sa/inventory"), () -> OWN);
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> check.check(server("spiffe://shop.example/ns/prod/sa/billing"), false))
			.withMessage("server spiffe://shop.example/ns/prod/sa/billing is not one of mtls.client.spiffe.expected-ids "
					+ "[spiffe://shop.example/ns/prod/sa/inventory]");
	}

	@Test
	void acceptsAnyServerOfTheOwnTrustDomainWhenNoIdIsExpected() {
		ServerIdCheck check = new ServerIdCheck(List.of(), () -> OWN);
		assertThatCode(() -> check.check(server("spiffe://shop.example/anything"), false)).doesNotThrowAnyException();
	}

	@Test
	void refusesAServerOfAnotherTrustDomainWhenNoIdIsExpected() {
		ServerIdCheck check = new ServerIdCheck(List.of(), () -> OWN);
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> check.check(server("spiffe://partner.example/api"), false))
			.withMessageContaining("not in this workload's trust domain shop.example");
	}

	@Test
	void leavesClientsToTheServersOwnAuthorization() {
		ServerIdCheck check = new ServerIdCheck(List.of("spiffe://shop.example/only"), () -> OWN);
		assertThatCode(() -> check.check(server("spiffe://partner.example/api"), true)).doesNotThrowAnyException();
	}

	@Test
	void refusesAnExpectedIdThatIsNotASpiffeId() {
		assertThatExceptionOfType(FailureAnalyzedException.class)
			.isThrownBy(() -> new ServerIdCheck(List.of("inventory.shop.svc"), () -> OWN))
			.withMessageContaining("mtls.client.spiffe.expected-ids 'inventory.shop.svc': it is not a SPIFFE ID");
	}

	private static X509Certificate[] server(String spiffeId) {
		return new CertificateBuilder().subject("CN=server").uri(spiffeId).issuedBy(CA).issue().chain()
			.toArray(X509Certificate[]::new);
	}

}
