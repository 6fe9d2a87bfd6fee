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
 * Forwarded certificate headers as nginx, HAProxy, AWS ALB, Envoy and RFC 9440 write them (Envoy's from the
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
	@ValueSource(strings = { "Cert=\"abc", "=x;Cert=y", "Cert=a,", "\"Cert\"=a", "junk", "Cert=a;", ",Cert=a",
			"Cert=\"a\"b", "Cert=\"a\" x", "Cert=a\"b\"", "Cert=a\\b", "Subject=\"x\\", "Cert=a;Cert=b",
			"Cert=a;Hash=b;hash=c", "Ce rt=a", "Cert=a\u0000" })
	void envoyRefusesBrokenSyntax(String header) {
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.ENVOY_XFCC, header));
	}

	@Test
	void envoyRefusesAPrefixThatOpensAQuoteToSwallowTheProxysElement() {
		// The caller's subject holds a quote, so Envoy's element has an odd number of bare quotes.
		IssuedCertificate mallory = new CertificateBuilder().subject("CN=mallory\\\"x,OU=Lyft")
			.uri("spiffe://lyft.example/mallory")
			.issuedBy(INTERMEDIATE)
			.issue();
		String forged = "Cert=" + escaped(CLIENT) + ";Chain=" + escapedChain(CLIENT) + ";URI=;X=\"";
		String appendedByEnvoy = "By=spiffe://lyft.example/backend;Hash=" + hash(mallory) + ";Cert=\"" + escaped(mallory)
				+ "\";Chain=\"" + escapedChain(mallory) + "\";Subject=\"CN=mallory\\\"x,OU=Lyft\";URI=spiffe://lyft.example/mallory";
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.ENVOY_XFCC, forged + "," + appendedByEnvoy))
			.withMessage("text after a quoted XFCC value");
		// Without the forged prefix, Envoy's own element is read as it is.
		assertThat(parse(ForwardedCertificateFormat.ENVOY_XFCC, appendedByEnvoy)).containsExactly(mallory.certificate(),
				INTERMEDIATE.certificate());
	}

	@Test
	void envoyReadsRepeatedSansAndRfc2253EscapesInTheSubject() {
		String header = "By=spiffe://lyft.example/a;By=spiffe://lyft.example/b;Hash=" + hash(CLIENT) + ";Cert=\""
				+ escaped(CLIENT) + "\";Subject=\"CN=Test Client,O=Acme\\, Inc.,OU=back\\\\slash\";URI=spiffe://lyft.example/testclient"
				+ ";URI=spiffe://lyft.example/testclient;DNS=a.example;DNS=b.example";
		assertThat(EnvoyXfcc.lastElement(header).get("subject"))
			.containsExactly("CN=Test Client,O=Acme\\, Inc.,OU=back\\slash");
		assertThat(parse(ForwardedCertificateFormat.ENVOY_XFCC, header)).containsExactly(CLIENT.certificate());
	}

	@Test
	void envoyByMustNameTheCertificateTheProxyConnectedWith() {
		IssuedCertificate proxy = new CertificateBuilder().subject("CN=backend")
			.uri("spiffe://lyft.example/backend")
			.issuedBy(CA)
			.issue();
		String element = ";Hash=" + hash(CLIENT) + ";Cert=\"" + escaped(CLIENT) + "\"";
		assertThat(ForwardedCertificateParser.parse(ForwardedCertificateFormat.ENVOY_XFCC,
				"By=spiffe://lyft.example/backend" + element, proxy.certificate())).containsExactly(CLIENT.certificate());
		assertThat(ForwardedCertificateParser.parse(ForwardedCertificateFormat.ENVOY_XFCC, element.substring(1),
				proxy.certificate())).containsExactly(CLIENT.certificate());
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ForwardedCertificateParser.parse(ForwardedCertificateFormat.ENVOY_XFCC,
					"By=spiffe://lyft.example/frontend" + element, proxy.certificate()))
			.withMessage("the XFCC By is not a URI SAN of the certificate the proxy connected with");
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

	@Test
	void rfc9440ReadsTheLeafFromClientCertAndWhatFollowsFromClientCertChain() {
		assertThat(ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT),
				byteSequence(INTERMEDIATE), null))
			.containsExactly(CLIENT.certificate(), INTERMEDIATE.certificate());
		// RFC 9440's example chain goes on to the trust anchor.
		assertThat(ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT),
				byteSequence(INTERMEDIATE) + ", " + byteSequence(CA), null))
			.containsExactly(CLIENT.certificate(), INTERMEDIATE.certificate(), CA.certificate());
		assertThat(parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT))).containsExactly(CLIENT.certificate());
		assertThat(ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT), "", null))
			.containsExactly(CLIENT.certificate());
	}

	@Test
	void rfc9440AcceptsWhatStructuredFieldsAllow() {
		String unpadded = byteSequence(CLIENT).replace("=", "");
		assertThat(parse(ForwardedCertificateFormat.RFC9440, unpadded)).containsExactly(CLIENT.certificate());
		assertThat(parse(ForwardedCertificateFormat.RFC9440, "  " + byteSequence(CLIENT) + " "))
			.containsExactly(CLIENT.certificate());
		assertThat(ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT),
				byteSequence(INTERMEDIATE) + "\t,  " + byteSequence(CA), null))
			.hasSize(3);
	}

	@Test
	void rfc9440WantsExactlyOneDerCertificateInEachByteSequence() throws Exception {
		byte[] der = CLIENT.certificate().getEncoded();
		byte[] two = new byte[der.length * 2];
		System.arraycopy(der, 0, two, 0, der.length);
		System.arraycopy(der, 0, two, der.length, der.length);
		byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
		byte[] pem = CLIENT.certificatePem().getBytes(StandardCharsets.US_ASCII);
		for (byte[] bytes : new byte[][] { two, trailing, pem }) {
			assertThatExceptionOfType(MalformedForwardedCertificateException.class)
				.isThrownBy(() -> parse(ForwardedCertificateFormat.RFC9440, byteSequence(bytes)))
				.withMessage("Client-Cert: not exactly one DER certificate");
			assertThatExceptionOfType(MalformedForwardedCertificateException.class)
				.isThrownBy(() -> ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440,
						byteSequence(CLIENT), byteSequence(bytes), null))
				.withMessage("Client-Cert-Chain: not exactly one DER certificate");
		}
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> parse(ForwardedCertificateFormat.RFC9440, "::"))
			.withMessage("Client-Cert: not an X.509 certificate");
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT),
					byteSequence(INTERMEDIATE) + ", " + byteSequence(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }), null))
			.withMessage("Client-Cert-Chain: not an X.509 certificate");
	}

	@Test
	void rfc9440RefusesTheWholeChainForOneMalformedMember() {
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT),
					byteSequence(INTERMEDIATE) + ", " + byteSequence(CA) + ";trusted", null))
			.withMessage("Client-Cert-Chain: parameters, which RFC 9440 does not define");
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440,
					byteSequence(CLIENT) + ", " + byteSequence(OTHER), null, null))
			.withMessage("Client-Cert: more than one Byte Sequence");
	}

	@Test
	void rfc9440ReadsAtMostTenCertificates() {
		String nine = String.join(", ", java.util.Collections.nCopies(9, byteSequence(INTERMEDIATE)));
		assertThat(ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT), nine,
				null))
			.hasSize(10);
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, byteSequence(CLIENT),
					nine + ", " + byteSequence(INTERMEDIATE), null))
			.withMessage("Client-Cert-Chain: more than 9 certificates");
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

	private static String byteSequence(IssuedCertificate certificate) {
		try {
			return byteSequence(certificate.certificate().getEncoded());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String byteSequence(byte[] bytes) {
		return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
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
