package dev.mtls.boot.proxy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mtls.boot.core.ForwardedCertificateFormat;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every forwarded-certificate header parser with Jazzer: arbitrary strings and genuine
 * headers with characters replaced. No input may escape as anything but
 * {@link MalformedForwardedCertificateException}, hang, or yield a chain that the CA's trust
 * manager accepts unless it is the genuine certificate. Half of the inputs are Envoy headers
 * as {@code APPEND_FORWARD} makes them: a caller's prefix of pairs, built from XFCC's keys, quotes,
 * escapes and separators and another peer's certificate, in front of the element Envoy appends; the
 * certificate read must be that element's, or the header refused. A quarter are RFC 9440's
 * {@code Client-Cert} and {@code Client-Cert-Chain} built from structured-field pieces (Byte
 * Sequences of genuine certificates, with and without padding, separators, whitespace,
 * parameters, inner lists, other items); whatever is read must be exactly what the fields spell,
 * or both refused. {@code mvn verify} runs it once per input in its corpus (regression mode); with
 * {@code JAZZER_FUZZ=1} it fuzzes (see README).
 */
class ForwardedCertificateParserFuzzTests {

	private static final IssuedCertificate CA = new CertificateBuilder().subject("CN=Fuzz CA").authority().issue();

	private static final IssuedCertificate LEAF = new CertificateBuilder().subject("CN=client")
		.uri("spiffe://fuzz.example/client")
		.issuedBy(CA)
		.issue();

	private static final IssuedCertificate QUOTED = new CertificateBuilder().subject("CN=mal\\\"lory,O=a\\,b")
		.uri("spiffe://fuzz.example/mallory")
		.issuedBy(CA)
		.issue();

	private static final IssuedCertificate VICTIM = new CertificateBuilder().subject("CN=admin")
		.uri("spiffe://fuzz.example/admin")
		.issuedBy(CA)
		.issue();

	private static final IssuedCertificate PROXY = new CertificateBuilder().subject("CN=app")
		.uri("spiffe://fuzz.example/app")
		.issuedBy(CA)
		.issue();

	private static final String[] XFCC_KEYS = { "Cert", "Chain", "URI", "Hash", "By", "X" };

	// Another peer's certificate, its names, and the quotes and escapes that could shift the grammar.
	private static final String[] XFCC_VALUES = { escaped(VICTIM), "\"" + escaped(VICTIM) + "\"", "",
			"spiffe://fuzz.example/admin", sha256(VICTIM), "\"", "\"a\\\"b", "a\\\"b\"", "\"a,b;c=d\"", "\\", "\"\\\\" };

	// Structured-field pieces: Byte Sequences of real certificates, the grammar's other characters and items.
	private static final String[] SF_PIECES = { byteSequence(LEAF), byteSequence(VICTIM), byteSequence(CA),
			byteSequence(LEAF).replace("=", ""), ",", ", ", " ", "\t", ";a=1", ";a", "(", ")", ":", "=", "::", "\"x\"",
			"42", "?1", byteSequence(LEAF).substring(1), byteSequence(CA).substring(0, byteSequence(CA).length() - 1) };

	private static final Map<ForwardedCertificateFormat, String> GENUINE = genuineHeaders();

	private static final X509TrustManager TRUST = trustManager();

	@FuzzTest(maxDuration = "30s")
	void parsersNeverCrashNorAcceptAGarbledCertificate(FuzzedDataProvider data) throws Exception {
		if (data.consumeBoolean()) {
			aCallersXfccPrefixNeverWins(data);
			return;
		}
		if (data.consumeBoolean()) {
			rfc9440FieldsAreReadAsTheySpellOrRefused(data);
			return;
		}
		ForwardedCertificateFormat format = data.pickValue(ForwardedCertificateFormat.values());
		String value;
		if (data.consumeBoolean()) {
			value = data.consumeRemainingAsString();
		}
		else {
			char[] header = GENUINE.get(format).toCharArray();
			int edits = data.consumeInt(1, 8);
			for (int i = 0; i < edits; i++) {
				header[data.consumeInt(0, header.length - 1)] = data.consumeChar();
			}
			value = new String(header);
		}
		X509Certificate[] chain;
		try {
			chain = ForwardedCertificateParser.parse(format, value);
		}
		catch (MalformedForwardedCertificateException ex) {
			assertThat(ex.getMessage()).isNotBlank().hasSizeLessThan(200);
			return;
		}
		assertThat(chain).isNotEmpty().hasSizeLessThanOrEqualTo(ForwardedCertificateParser.MAX_CERTIFICATES);
		try {
			TRUST.checkClientTrusted(chain, "UNKNOWN");
		}
		catch (CertificateException | RuntimeException refused) {
			return;
		}
		assertThat(chain[0].getEncoded()).isEqualTo(LEAF.certificate().getEncoded());
	}

	private static void aCallersXfccPrefixNeverWins(FuzzedDataProvider data) throws Exception {
		IssuedCertificate caller = data.consumeBoolean() ? QUOTED : LEAF;
		StringBuilder prefix = new StringBuilder();
		int pairs = data.consumeInt(0, 4);
		for (int i = 0; i < pairs; i++) {
			if (i > 0) {
				prefix.append((data.consumeInt(0, 4) == 0) ? ',' : ';');
			}
			prefix.append(data.pickValue(XFCC_KEYS)).append('=');
			prefix.append((data.consumeInt(0, 3) == 0) ? data.consumeString(6) : data.pickValue(XFCC_VALUES));
		}
		// What Envoy appends for the caller it verified (conn_manager_utility.cc), the subject in RFC 2253.
		String appended = "By=spiffe://fuzz.example/app;Hash=" + sha256(caller) + ";Cert=\"" + escaped(caller)
				+ "\";Chain=\"" + escaped(caller) + "\";Subject=\""
				+ caller.certificate().getSubjectX500Principal().getName() + "\";URI="
				+ caller.certificate().getSubjectAlternativeNames().iterator().next().get(1);
		String header = prefix.isEmpty() ? appended : prefix + "," + appended;
		X509Certificate[] chain;
		try {
			chain = ForwardedCertificateParser.parse(ForwardedCertificateFormat.ENVOY_XFCC, header,
					PROXY.certificate());
		}
		catch (MalformedForwardedCertificateException ex) {
			assertThat(prefix).as("Envoy's own element alone is refused: " + ex.getMessage()).isNotEmpty();
			assertThat(ex.getMessage()).isNotBlank().hasSizeLessThan(200);
			return;
		}
		assertThat(chain[0].getEncoded()).as(header).isEqualTo(caller.certificate().getEncoded());
	}

	private static void rfc9440FieldsAreReadAsTheySpellOrRefused(FuzzedDataProvider data) throws Exception {
		String clientCert = pieces(data, 3);
		String chain = data.consumeBoolean() ? pieces(data, 12) : null;
		X509Certificate[] certificates;
		try {
			certificates = ForwardedCertificateParser.parse(ForwardedCertificateFormat.RFC9440, clientCert, chain, null);
		}
		catch (MalformedForwardedCertificateException ex) {
			assertThat(ex.getMessage()).isNotBlank().hasSizeLessThan(200);
			return;
		}
		assertThat(certificates).isNotEmpty().hasSizeLessThanOrEqualTo(ForwardedCertificateParser.MAX_CERTIFICATES);
		// Without whitespace and padding, the fields must be the certificates' Byte Sequences and nothing else.
		assertThat(squeezed(clientCert)).as(clientCert).isEqualTo(squeezed(byteSequence(certificates[0])));
		List<String> rest = new ArrayList<>();
		for (int i = 1; i < certificates.length; i++) {
			rest.add(squeezed(byteSequence(certificates[i])));
		}
		assertThat(squeezed((chain != null) ? chain : "")).as(chain).isEqualTo(String.join(",", rest));
	}

	private static String pieces(FuzzedDataProvider data, int most) {
		StringBuilder field = new StringBuilder();
		int count = data.consumeInt(0, most);
		for (int i = 0; i < count; i++) {
			field.append(data.pickValue(SF_PIECES));
		}
		return field.toString();
	}

	private static String squeezed(String field) {
		return field.replace(" ", "").replace("\t", "").replace("=", "");
	}

	private static String byteSequence(IssuedCertificate certificate) {
		return byteSequence(certificate.certificate());
	}

	private static String byteSequence(X509Certificate certificate) {
		try {
			return ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String escaped(IssuedCertificate certificate) {
		return URLEncoder.encode(certificate.certificatePem(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String sha256(IssuedCertificate certificate) {
		try {
			return HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(certificate.certificate().getEncoded()));
		}
		catch (CertificateEncodingException | java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<ForwardedCertificateFormat, String> genuineHeaders() {
		try {
			String escaped = URLEncoder.encode(LEAF.certificatePem(), StandardCharsets.UTF_8).replace("+", "%20");
			String hash = HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(LEAF.certificate().getEncoded()));
			Map<ForwardedCertificateFormat, String> headers = new EnumMap<>(ForwardedCertificateFormat.class);
			headers.put(ForwardedCertificateFormat.ENVOY_XFCC, "By=spiffe://fuzz.example/app;Hash=" + hash + ";Cert=\""
					+ escaped + "\";Subject=\"CN=client\";URI=spiffe://fuzz.example/client");
			headers.put(ForwardedCertificateFormat.PEM_URL_ENCODED, escaped);
			headers.put(ForwardedCertificateFormat.DER_BASE64,
					Base64.getEncoder().encodeToString(LEAF.certificate().getEncoded()));
			headers.put(ForwardedCertificateFormat.AWS_ALB, escaped.replace("%2B", "+").replace("%2F", "/").replace("%3D", "="));
			headers.put(ForwardedCertificateFormat.RFC9440, byteSequence(LEAF));
			return headers;
		}
		catch (CertificateEncodingException | java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509TrustManager trustManager() {
		try {
			KeyStore anchors = KeyStore.getInstance("PKCS12");
			anchors.load(null, null);
			anchors.setCertificateEntry("ca", CA.certificate());
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(anchors);
			return (X509TrustManager) factory.getTrustManagers()[0];
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
