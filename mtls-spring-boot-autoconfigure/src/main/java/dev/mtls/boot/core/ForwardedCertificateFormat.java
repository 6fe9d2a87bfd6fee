package dev.mtls.boot.core;

import java.util.Locale;

/**
 * How a TLS-terminating proxy encodes the client certificate it forwards in a header.
 *
 * @author mtls-spring-boot
 */
public enum ForwardedCertificateFormat {

	/**
	 * Envoy's (and Istio's) {@code x-forwarded-client-cert}: comma-separated elements of
	 * {@code Key=Value} pairs; the last element's {@code Chain} or {@code Cert} (URL-encoded PEM),
	 * which its {@code Hash} and {@code URI}, when present, must match.
	 */
	ENVOY_XFCC,

	/**
	 * A URL-encoded PEM certificate or chain, as nginx's {@code $ssl_client_escaped_cert}.
	 */
	PEM_URL_ENCODED,

	/**
	 * A Base64 DER certificate, as HAProxy's {@code %[ssl_c_der,base64]}.
	 */
	DER_BASE64,

	/**
	 * AWS Application Load Balancer: {@code X-Amzn-Mtls-Clientcert-Leaf} (verify mode) or
	 * {@code X-Amzn-Mtls-Clientcert} (passthrough), URL-encoded PEM that leaves {@code +=/} as they are.
	 */
	AWS_ALB,

	/**
	 * RFC 9440: {@code Client-Cert}, the leaf as a structured field Byte Sequence
	 * ({@code :base64-of-DER:}), and optionally {@code Client-Cert-Chain}, a List of such Byte
	 * Sequences for the certificates after the leaf; as sent by Envoy's contrib {@code client_cert}
	 * filter and by Cloudflare's request header rules.
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc9440">RFC 9440</a>
	 */
	RFC9440;

	/**
	 * The name in properties and logs.
	 * @return e.g. {@code envoy-xfcc}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
