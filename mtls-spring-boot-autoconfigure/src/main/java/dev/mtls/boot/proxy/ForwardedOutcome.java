package dev.mtls.boot.proxy;

import java.util.Locale;

/**
 * What became of a request with a forwarded client certificate header, or of a trusted proxy's
 * request without one.
 *
 * @author mtls-spring-boot
 */
public enum ForwardedOutcome {

	/**
	 * From a trusted proxy and readable: the certificate is authenticated as the request's peer.
	 */
	FORWARDED,

	/**
	 * Not from a trusted proxy: the header was ignored.
	 */
	UNTRUSTED_SOURCE,

	/**
	 * From a trusted proxy but unreadable: answered with 400.
	 */
	MALFORMED,

	/**
	 * From a trusted proxy, but a certificate in the chain is expired or not yet valid: answered
	 * with 401.
	 */
	EXPIRED,

	/**
	 * From a trusted proxy that presented its own certificate, without the header: the proxy's
	 * certificate is not taken for the caller's, so the request is anonymous (unless
	 * {@code mtls.proxy.allow-proxy-identity}).
	 */
	PROXY_WITHOUT_CERTIFICATE;

	/**
	 * The metric tag and log name.
	 * @return e.g. {@code untrusted-source}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
