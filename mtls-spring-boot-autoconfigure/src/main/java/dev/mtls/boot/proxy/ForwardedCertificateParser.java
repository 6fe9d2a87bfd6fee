package dev.mtls.boot.proxy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.core.ForwardedCertificateFormat;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * Reads the certificate chain from a forwarded client certificate header. Everything here is
 * input from the network: any failure is a {@link MalformedForwardedCertificateException} with a
 * short reason, never another exception. Decoding and parsing are the JDK's and Spring's.
 *
 * @author mtls-spring-boot
 */
public final class ForwardedCertificateParser {

	/**
	 * The most certificates a forwarded chain may hold.
	 */
	static final int MAX_CERTIFICATES = 10;

	private ForwardedCertificateParser() {
	}

	/**
	 * Read a header value.
	 * @param format the encoding
	 * @param value the header value
	 * @return the chain, leaf first, never empty
	 * @throws MalformedForwardedCertificateException if the value is not a certificate in that encoding
	 */
	public static X509Certificate[] parse(ForwardedCertificateFormat format, String value) {
		return parse(format, value, null);
	}

	/**
	 * Read a header value that arrived on a connection where the proxy presented its own
	 * certificate. Envoy's {@code By} names the proxy's certificate, so it must then be one of
	 * that certificate's URI SANs.
	 * @param format the encoding
	 * @param value the header value
	 * @param proxy the certificate the proxy's connection presented, or {@code null}
	 * @return the chain, leaf first, never empty
	 * @throws MalformedForwardedCertificateException if the value is not a certificate in that
	 * encoding, or names another proxy
	 */
	static X509Certificate[] parse(ForwardedCertificateFormat format, String value, @Nullable X509Certificate proxy) {
		return parse(format, value, null, proxy);
	}

	/**
	 * Read a header value and, with {@link ForwardedCertificateFormat#RFC9440}, the value of
	 * {@code Client-Cert-Chain} that came with it.
	 * @param format the encoding
	 * @param value the header value
	 * @param chain the {@code Client-Cert-Chain} value, or {@code null} without one; only read
	 * with {@link ForwardedCertificateFormat#RFC9440}
	 * @param proxy the certificate the proxy's connection presented, or {@code null}
	 * @return the chain, leaf first, never empty
	 * @throws MalformedForwardedCertificateException if either value is not what the format
	 * expects, or names another proxy
	 */
	static X509Certificate[] parse(ForwardedCertificateFormat format, String value, @Nullable String chain,
			@Nullable X509Certificate proxy) {
		if (value == null || value.isBlank()) {
			throw new MalformedForwardedCertificateException("empty header");
		}
		try {
			return switch (format) {
				case ENVOY_XFCC -> xfcc(value, proxy);
				// ALB leaves '+' unescaped, so it must not become a space: uriDecode keeps it.
				case PEM_URL_ENCODED, AWS_ALB -> certificates(urlDecode(value).getBytes(StandardCharsets.US_ASCII));
				case DER_BASE64 -> certificates(base64(value.strip()));
				case RFC9440 -> rfc9440(value, chain);
			};
		}
		catch (MalformedForwardedCertificateException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// Parsers of untrusted bytes may fail in ways they do not declare.
			throw new MalformedForwardedCertificateException("not a " + format.tag() + " certificate");
		}
	}

	private static X509Certificate[] xfcc(String value, @Nullable X509Certificate proxy) {
		Map<String, List<String>> element = EnvoyXfcc.lastElement(value);
		String encoded = element.containsKey("chain") ? only(element, "chain") : only(element, "cert");
		if (encoded == null || encoded.isEmpty()) {
			throw new MalformedForwardedCertificateException(
					"the XFCC element has no Cert or Chain (Envoy: set_current_client_cert_details cert/chain)");
		}
		X509Certificate[] chain = certificates(urlDecode(encoded).getBytes(StandardCharsets.US_ASCII));
		String hash = only(element, "hash");
		if (hash != null && !hash.equalsIgnoreCase(sha256(chain[0]))) {
			throw new MalformedForwardedCertificateException("the XFCC Hash does not match its certificate");
		}
		List<String> uris = element.getOrDefault("uri", List.of()).stream().filter((uri) -> !uri.isEmpty()).toList();
		if (!uris.isEmpty() && !uriSans(chain[0]).containsAll(uris)) {
			throw new MalformedForwardedCertificateException("the XFCC URI is not a URI SAN of its certificate");
		}
		List<String> by = element.getOrDefault("by", List.of());
		if (proxy != null && !by.isEmpty() && !uriSans(proxy).containsAll(by)) {
			throw new MalformedForwardedCertificateException(
					"the XFCC By is not a URI SAN of the certificate the proxy connected with");
		}
		return chain;
	}

	private static X509Certificate[] rfc9440(String value, @Nullable String chain) {
		byte[] leaf = ClientCertFields.clientCert(value);
		List<byte[]> intermediates = (chain != null)
				? ClientCertFields.clientCertChain(chain, MAX_CERTIFICATES - 1) : List.of();
		List<X509Certificate> certificates = new ArrayList<>();
		certificates.add(der(leaf, "Client-Cert"));
		for (byte[] intermediate : intermediates) {
			certificates.add(der(intermediate, "Client-Cert-Chain"));
		}
		return certificates.toArray(X509Certificate[]::new);
	}

	/**
	 * Read exactly one DER certificate: not PEM, not two, nothing after it.
	 */
	private static X509Certificate der(byte[] encoded, String field) {
		X509Certificate certificate;
		try {
			certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(encoded));
			if (!Arrays.equals(certificate.getEncoded(), encoded)) {
				throw new MalformedForwardedCertificateException(field + ": not exactly one DER certificate");
			}
		}
		catch (CertificateException ex) {
			throw new MalformedForwardedCertificateException(field + ": not an X.509 certificate");
		}
		return certificate;
	}

	private static @Nullable String only(Map<String, List<String>> element, String key) {
		List<String> values = element.get(key);
		return (values != null) ? values.get(0) : null;
	}

	private static String urlDecode(String value) {
		try {
			return StringUtils.uriDecode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedForwardedCertificateException("invalid URL encoding");
		}
	}

	private static byte[] base64(String value) {
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedForwardedCertificateException("invalid Base64");
		}
	}

	private static X509Certificate[] certificates(byte[] encoded) {
		Collection<? extends java.security.cert.Certificate> certificates;
		try {
			certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(encoded));
		}
		catch (CertificateException ex) {
			throw new MalformedForwardedCertificateException("not an X.509 certificate");
		}
		if (certificates.isEmpty()) {
			throw new MalformedForwardedCertificateException("no certificate");
		}
		if (certificates.size() > MAX_CERTIFICATES) {
			throw new MalformedForwardedCertificateException("more than " + MAX_CERTIFICATES + " certificates");
		}
		return certificates.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
	}

	private static List<String> uriSans(X509Certificate certificate) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			if (names == null) {
				return List.of();
			}
			// Type 6: uniformResourceIdentifier (RFC 5280).
			return names.stream().filter((name) -> Integer.valueOf(6).equals(name.get(0)))
				.map((name) -> String.valueOf(name.get(1)))
				.toList();
		}
		catch (CertificateParsingException ex) {
			throw new MalformedForwardedCertificateException("unreadable subject alternative names");
		}
	}

	private static String sha256(X509Certificate certificate) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
