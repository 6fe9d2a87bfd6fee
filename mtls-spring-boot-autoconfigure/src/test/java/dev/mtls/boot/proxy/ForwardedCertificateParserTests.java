package dev.mtls.boot.proxy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

import dev.mtls.boot.core.ForwardedCertificateFormat;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Forwarded certificate headers as nginx, HAProxy, AWS ALB and Envoy write them (Envoy's from the
 * shapes in its x-forwarded-client-cert documentation), with this test's own certificates inside.
 */
class ForwardedCertificateParserTests {

	private static final IssuedCertificate CA = new CertificateBuilder().subject("CN=Proxy Test CA").authority().issue();

	private static final IssuedCertificate INTERMEDIATE = new CertificateBuilder().subject("CN=Proxy Test Intermediate")
		.authority()
		.issuedBy(CA)
		.issue();

	private static final IssuedCertificate CLIENT = new CertificateBuilder().subject("CN=Test Client,OU=Lyft")
		.uri("spiffe://lyft.example/testclient")
		.issuedBy(INTERMEDIATE)
		.issue();

	private static final IssuedCertificate OTHER = new CertificateBuilder().subject("CN=frontend")
		.issuedBy(CA)
		.issue();

	@Test
	void envoyTakesTheLastElementsCertificate() {
		String header = "By=spiffe://lyft.example/frontend;Hash=" + hash(OTHER) + ";Cert=\"" + escaped(OTHER)
				+ "\";Subject=\"CN=frontend\";URI=spiffe://lyft.example/edge,By=spiffe://lyft.example/backend;Hash="
				+ hash(CLIENT) + ";Cert=\"" + escaped(CLIENT)
				+ "\";Subject=\"/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client\";URI=spiffe://lyft.example/testclient;DNS=a.example;DNS=b.example";
		assertThat(parse(ForwardedCertificateFormat.ENVOY_XFCC, header)).containsExactly(CLIENT.certificate());
	}

	@Test
	void envoyPrefersTheChainAndReadsQuotedCommasAndSemicolons() {
		String header = "Subject=\"CN=Test Client,OU=Lyft;x\\\"y\";Chain=\"" + escapedChain(CLIENT) + "\";Cert="
				+ escaped(OTHER);
		assertThat(parse(ForwardedCertificateFormat.ENVOY_XFCC, header)).containsExactly(CLIENT.certificate(),
				INTERMEDIATE.certificate());
	}

	@Test
	void envoyRefusesAHashThatDoesNotMatchTheCertificate() {
		String header = "Hash=" + hash(OTHER) + ";Cert=\"" + escaped(CLIENT) + "\"";
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.ENVOY_XFCC, header))
			.withMessage("the XFCC Hash does not match its certificate");
	}

	@Test
	void envoyRefusesAUriThatTheCertificateDoesNotCarry() {
		String header = "Cert=\"" + escaped(CLIENT) + "\";URI=spiffe://lyft.example/admin";
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.ENVOY_XFCC, header))
			.withMessage("the XFCC URI is not a URI SAN of its certificate");
	}

	@Test
	void envoyNeedsTheCertificateItselfNotOnlyItsNames() {
		String header = "By=spiffe://lyft.example/backend;Hash=" + hash(CLIENT)
				+ ";Subject=\"CN=Test Client\";URI=spiffe://lyft.example/testclient";
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.ENVOY_XFCC, header))
			.withMessageContaining("has no Cert or Chain");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Cert=\"abc", "=x;Cert=y", "Cert=a,", "\"Cert\"=a", "junk" })
	void envoyRefusesBrokenSyntax(String header) {
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.ENVOY_XFCC, header));
	}

	@Test
	void nginxEscapedCertificate() {
		assertThat(parse(ForwardedCertificateFormat.PEM_URL_ENCODED, escaped(CLIENT)))
			.containsExactly(CLIENT.certificate());
	}

	@Test
	void haproxyBase64Der() throws Exception {
		String header = Base64.getEncoder().encodeToString(CLIENT.certificate().getEncoded());
		assertThat(parse(ForwardedCertificateFormat.DER_BASE64, header)).containsExactly(CLIENT.certificate());
	}

	@Test
	void albLeavesPlusSlashAndEqualsUnescaped() {
		String header = escapedChain(CLIENT).replace("%2B", "+").replace("%2F", "/").replace("%3D", "=");
		assertThat(header).contains("+");
		assertThat(parse(ForwardedCertificateFormat.AWS_ALB, header)).containsExactly(CLIENT.certificate(),
				INTERMEDIATE.certificate());
	}

	@ParameterizedTest
	@EnumSource(ForwardedCertificateFormat.class)
	void everyFormatRefusesGarbageWithAShortReason(ForwardedCertificateFormat format) {
		for (String garbage : new String[] { "", " ", "%", "%ZZ", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
				"MIIB", "Cert=\"%2\"" }) {
			assertThatExceptionOfType(MalformedForwardedCertificateException.class)
				.isThrownBy(() -> parse(format, garbage))
				.satisfies((ex) -> assertThat(ex.getMessage()).isNotBlank().doesNotContain("Exception"));
		}
	}

	@Test
	void moreThanTenCertificatesAreRefused() {
		String pem = CLIENT.certificatePem().repeat(11);
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.PEM_URL_ENCODED, escape(pem)))
			.withMessage("more than 10 certificates");
	}

	private static X509Certificate[] parse(ForwardedCertificateFormat format, String value) {
		return ForwardedCertificateParser.parse(format, value);
	}

	private static String escaped(IssuedCertificate certificate) {
		return escape(certificate.certificatePem());
	}

	private static String escapedChain(IssuedCertificate certificate) {
		return escape(certificate.certificatePem() + INTERMEDIATE.certificatePem());
	}

	private static String escape(String pem) {
		return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String hash(IssuedCertificate certificate) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.certificate().getEncoded()));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
