package dev.mtls.boot.proxy;

import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.core.ForwardedCertificateFormat;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of client certificates forwarded in a header by a TLS-terminating proxy (nginx,
 * HAProxy, Envoy, AWS ALB, or any that sends RFC 9440's headers).
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.proxy")
public class MtlsProxyProperties {

	/**
	 * Whether a trusted proxy may forward the client certificate in a header.
	 */
	private boolean enabled;

	/**
	 * Request header that carries the forwarded client certificate. Unset, it is
	 * X-Forwarded-Client-Cert, or Client-Cert with format 'rfc9440'.
	 */
	private @Nullable String header;

	/**
	 * Request header that carries the certificates after the leaf with format 'rfc9440' (its
	 * Client-Cert-Chain); other formats carry the chain in mtls.proxy.header.
	 */
	private String chainHeader = "Client-Cert-Chain";

	/**
	 * Encoding of the header: 'envoy-xfcc' (Envoy/Istio x-forwarded-client-cert, its last
	 * element), 'pem-url-encoded' (nginx $ssl_client_escaped_cert), 'der-base64' (HAProxy
	 * ssl_c_der,base64), 'aws-alb' (X-Amzn-Mtls-Clientcert-Leaf or X-Amzn-Mtls-Clientcert) or
	 * 'rfc9440' (Client-Cert and Client-Cert-Chain structured fields: Envoy's client_cert filter,
	 * Cloudflare).
	 */
	private ForwardedCertificateFormat format = ForwardedCertificateFormat.ENVOY_XFCC;

	/**
	 * Addresses (CIDR, e.g. 10.0.0.5/32, or single addresses) of proxies allowed to send the
	 * header, matched against the connection's own remote address (never one rewritten from
	 * X-Forwarded-For). From anywhere else the header is ignored, logged and counted.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Names of proxies that connect with their own client certificate and are allowed to send
	 * the header, as mtls.principal reads them from a subject alternative name (SPIFFE IDs by
	 * default); never a common name.
	 */
	private List<String> trustedProxyPeers = new ArrayList<>();

	/**
	 * Whether the forwarded chain is verified again against mtls.trust (and revocation), which
	 * must then be set, and its validity on every request. Leaf only formats then need the issuing CA
	 * in the trust set. False trusts the proxy's verification.
	 */
	private boolean verify = true;

	/**
	 * Whether a trusted proxy may call as itself, with its own certificate, when it forwards no
	 * client certificate.
	 */
	private boolean allowProxyIdentity;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHeader() {
		if (this.header != null) {
			return this.header;
		}
		return (this.format == ForwardedCertificateFormat.RFC9440) ? "Client-Cert" : "X-Forwarded-Client-Cert";
	}

	public void setHeader(@Nullable String header) {
		this.header = header;
	}

	public String getChainHeader() {
		return this.chainHeader;
	}

	public void setChainHeader(String chainHeader) {
		this.chainHeader = chainHeader;
	}

	public ForwardedCertificateFormat getFormat() {
		return this.format;
	}

	public void setFormat(ForwardedCertificateFormat format) {
		this.format = format;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public List<String> getTrustedProxyPeers() {
		return this.trustedProxyPeers;
	}

	public void setTrustedProxyPeers(List<String> trustedProxyPeers) {
		this.trustedProxyPeers = trustedProxyPeers;
	}

	public boolean isVerify() {
		return this.verify;
	}

	public void setVerify(boolean verify) {
		this.verify = verify;
	}

	public boolean isAllowProxyIdentity() {
		return this.allowProxyIdentity;
	}

	public void setAllowProxyIdentity(boolean allowProxyIdentity) {
		this.allowProxyIdentity = allowProxyIdentity;
	}

}
