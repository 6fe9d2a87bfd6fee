package dev.mtls.boot.proxy;

import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.core.ForwardedCertificateFormat;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of client certificates forwarded in a header by a TLS-terminating proxy (nginx,
 * HAProxy, Envoy, AWS ALB).
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
	 * Request header that carries the forwarded client certificate.
	 */
	private String header = "X-Forwarded-Client-Cert";

	/**
	 * Encoding of the header: 'envoy-xfcc' (Envoy/Istio x-forwarded-client-cert, its last
	 * element), 'pem-url-encoded' (nginx $ssl_client_escaped_cert), 'der-base64' (HAProxy
	 * ssl_c_der,base64) or 'aws-alb' (X-Amzn-Mtls-Clientcert-Leaf or X-Amzn-Mtls-Clientcert).
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
		return this.header;
	}

	public void setHeader(String header) {
		this.header = header;
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
