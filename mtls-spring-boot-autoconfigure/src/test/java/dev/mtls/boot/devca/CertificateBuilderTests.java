package dev.mtls.boot.devca;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HashSet;
import java.util.Set;

import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CertificateBuilder}.
 */
class CertificateBuilderTests {

	@Test
	void serialNumbersArePositiveAndAtMostTwentyOctets() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair keys = generator.generateKeyPair();
		IssuedCertificate ca = new CertificateBuilder().subject("CN=CA").authority().keyPair(keys).issue();
		Set<BigInteger> serials = new HashSet<>();
		// With 160 random bits, half of all serials would need 21 octets: 300 certificates
		// would all fit only with odds of 2^-300.
		for (int i = 0; i < 300; i++) {
			IssuedCertificate issued = new CertificateBuilder().subject("CN=s" + i).keyPair(keys).issuedBy(ca).issue();
			TBSCertificate tbs = Certificate.getInstance(issued.certificate().getEncoded())
				.getTBSCertificate();
			BigInteger serial = tbs.getSerialNumber().getValue();
			assertThat(serial.signum()).as("serial %s", serial).isPositive();
			// The DER integer's content octets, as RFC 5280 section 4.1.2.2 counts them.
			assertThat(serial.toByteArray()).as("serial %s", serial.toString(16)).hasSizeLessThanOrEqualTo(20);
			serials.add(serial);
		}
		assertThat(serials).hasSize(300);
	}

	@Test
	void serialNumberIsNeverZero() {
		for (int i = 0; i < 10_000; i++) {
			assertThat(CertificateBuilder.serialNumber()).isPositive();
		}
	}

}
