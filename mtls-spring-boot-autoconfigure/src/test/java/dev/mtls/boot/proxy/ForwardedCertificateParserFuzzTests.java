package dev.mtls.boot.proxy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
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
 * manager accepts unless it is the genuine certificate. {@code mvn verify} runs it once per input
 * in its corpus (regression mode); with {@code JAZZER_FUZZ=1} it fuzzes (see README).
 */
class ForwardedCertificateParserFuzzTests {

	private static final IssuedCertificate CA = new CertificateBuilder().subject("CN=Fuzz CA").authority().issue();

	private static final IssuedCertificate LEAF = new CertificateBuilder().subject("CN=client")
		.uri("spiffe://fuzz.example/client")
		.issuedBy(CA)
		.issue();

	private static final Map<ForwardedCertificateFormat, String> GENUINE = genuineHeaders();

	private static final X509TrustManager TRUST = trustManager();

	@FuzzTest(maxDuration = "30s")
	void parsersNeverCrashNorAcceptAGarbledCertificate(FuzzedDataProvider data) throws Exception {
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
