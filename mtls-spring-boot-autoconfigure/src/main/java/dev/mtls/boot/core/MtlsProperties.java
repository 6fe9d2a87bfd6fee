package dev.mtls.boot.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of mutual TLS: one identity, one trust set, and how peers become principals.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls")
public class MtlsProperties {

	/**
	 * Whether to configure mutual TLS.
	 */
	private boolean enabled = true;

	/**
	 * Name of an SSL bundle defined under 'spring.ssl.bundle.*' to use as identity and trust instead
	 * of 'mtls.identity' and 'mtls.trust'. Its reloads are followed.
	 */
	private String bundle;

	/**
	 * How a peer certificate becomes the principal name: 'spiffe-id-or-cn' (the spiffe:// URI SAN, else
	 * the subject CN), 'cn', 'dn' (RFC 2253), 'san-dns', 'san-uri' or 'email' (e-mail SAN, else the subject
	 * emailAddress).
	 */
	private PrincipalMode principal = PrincipalMode.SPIFFE_ID_OR_CN;

	/**
	 * Authorities granted to peers whose principal matches a pattern.
	 */
	private List<Grant> grants = new ArrayList<>();

	private final Identity identity = new Identity();

	private final Trust trust = new Trust();

	private final Server server = new Server();

	private final Client client = new Client();

	private final Dev dev = new Dev();

	private final Reload reload = new Reload();

	private final Revocation revocation = new Revocation();

	private final Health health = new Health();

	private final Metrics metrics = new Metrics();

	private final Proxy proxy = new Proxy();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getBundle() {
		return this.bundle;
	}

	public void setBundle(String bundle) {
		this.bundle = bundle;
	}

	public PrincipalMode getPrincipal() {
		return this.principal;
	}

	public void setPrincipal(PrincipalMode principal) {
		this.principal = principal;
	}

	public List<Grant> getGrants() {
		return this.grants;
	}

	public void setGrants(List<Grant> grants) {
		this.grants = grants;
	}

	public Identity getIdentity() {
		return this.identity;
	}

	public Trust getTrust() {
		return this.trust;
	}

	public Server getServer() {
		return this.server;
	}

	public Client getClient() {
		return this.client;
	}

	public Dev getDev() {
		return this.dev;
	}

	public Reload getReload() {
		return this.reload;
	}

	public Revocation getRevocation() {
		return this.revocation;
	}

	public Health getHealth() {
		return this.health;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Proxy getProxy() {
		return this.proxy;
	}

	/**
	 * The {@code mtls} health indicator.
	 */
	public static class Health {

		/**
		 * How soon before a certificate (identity chain or trust anchor) expires the indicator adds a
		 * warning.
		 */
		private Duration expiryWarningThreshold = Duration.ofDays(14);

		public Duration getExpiryWarningThreshold() {
			return this.expiryWarningThreshold;
		}

		public void setExpiryWarningThreshold(Duration expiryWarningThreshold) {
			this.expiryWarningThreshold = expiryWarningThreshold;
		}

	}

	/**
	 * Client certificates forwarded in a header by a TLS-terminating proxy (nginx, HAProxy, Envoy,
	 * AWS ALB).
	 */
	public static class Proxy {

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

	/**
	 * Micrometer metrics.
	 */
	public static class Metrics {

		/**
		 * Whether mtls.authentications carries a 'peer' tag with the principal; each distinct peer
		 * becomes its own time series.
		 */
		private boolean peerTags;

		public boolean isPeerTags() {
			return this.peerTags;
		}

		public void setPeerTags(boolean peerTags) {
			this.peerTags = peerTags;
		}

	}

	/**
	 * Revocation checking of peer certificates.
	 */
	public static class Revocation {

		/**
		 * How peer certificates are checked for revocation: 'none', 'crl', 'ocsp', or 'ocsp-then-crl'
		 * (OCSP, falling back to CRLs when OCSP gives no answer).
		 */
		private RevocationMode mode = RevocationMode.NONE;

		/**
		 * Locations ('file:' or 'http(s):') of CRLs, used in addition to CRL distribution points in
		 * certificates. Files are watched, HTTP CRLs refreshed before their nextUpdate.
		 */
		private List<String> crlLocations = new ArrayList<>();

		/**
		 * URL of an OCSP responder to use instead of the one named in each certificate.
		 */
		private String ocspResponder;

		/**
		 * Whether to accept (but log) a peer whose revocation status cannot be determined.
		 */
		private boolean softFail;

		/**
		 * Upper bound on caching OCSP answers and CRLs; a CRL's nextUpdate wins if sooner.
		 */
		private Duration cacheTtl = Duration.ofMinutes(5);

		/**
		 * Longest a handshake waits for a revocation answer; a slower answer counts as unknown.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * Whether clients also check the revocation of server certificates.
		 */
		private boolean checkServers;

		public RevocationMode getMode() {
			return this.mode;
		}

		public void setMode(RevocationMode mode) {
			this.mode = mode;
		}

		public List<String> getCrlLocations() {
			return this.crlLocations;
		}

		public void setCrlLocations(List<String> crlLocations) {
			this.crlLocations = crlLocations;
		}

		public String getOcspResponder() {
			return this.ocspResponder;
		}

		public void setOcspResponder(String ocspResponder) {
			this.ocspResponder = ocspResponder;
		}

		public boolean isSoftFail() {
			return this.softFail;
		}

		public void setSoftFail(boolean softFail) {
			this.softFail = softFail;
		}

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public boolean isCheckServers() {
			return this.checkServers;
		}

		public void setCheckServers(boolean checkServers) {
			this.checkServers = checkServers;
		}

	}

	/**
	 * Reloading rotated identity and trust files without a restart.
	 */
	public static class Reload {

		/**
		 * Whether to watch file-based identity and trust locations and reload them when they change.
		 */
		private boolean enabled = true;

		/**
		 * How long the files must stay unchanged before a change is reloaded.
		 */
		private Duration quietPeriod = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getQuietPeriod() {
			return this.quietPeriod;
		}

		public void setQuietPeriod(Duration quietPeriod) {
			this.quietPeriod = quietPeriod;
		}

	}

	/**
	 * This service's certificate chain and private key.
	 */
	public static class Identity {

		/**
		 * Location ('file:', 'classpath:', a path) or inline content of the PEM certificate chain, leaf
		 * first.
		 */
		private String certificate;

		/**
		 * Location or content of the PEM private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC); encrypted PKCS#8
		 * too.
		 */
		private String privateKey;

		/**
		 * Password of an encrypted PKCS#8 private key.
		 */
		private String privateKeyPassword;

		private final KeyStoreLocation keystore = new KeyStoreLocation();

		public String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(String certificate) {
			this.certificate = certificate;
		}

		public String getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(String privateKey) {
			this.privateKey = privateKey;
		}

		public String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		public KeyStoreLocation getKeystore() {
			return this.keystore;
		}

	}

	/**
	 * Certificate authorities whose certificates peers may present.
	 */
	public static class Trust {

		/**
		 * Location or content of the PEM CA certificates peers must chain to.
		 */
		private String certificates;

		private final Store truststore = new Store();

		public String getCertificates() {
			return this.certificates;
		}

		public void setCertificates(String certificates) {
			this.certificates = certificates;
		}

		public Store getTruststore() {
			return this.truststore;
		}

	}

	/**
	 * A key store file, an alternative to PEM files.
	 */
	public static class Store {

		/**
		 * Location of the key store file.
		 */
		private String location;

		/**
		 * Password of the key store.
		 */
		private String password;

		/**
		 * Type of the key store.
		 */
		private String type = "PKCS12";

		public String getLocation() {
			return this.location;
		}

		public void setLocation(String location) {
			this.location = location;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

	}

	/**
	 * A key store file holding this service's private key and certificate chain.
	 */
	public static class KeyStoreLocation extends Store {

		/**
		 * Alias of the key entry to use; needed only when the key store holds several.
		 */
		private String alias;

		public String getAlias() {
			return this.alias;
		}

		public void setAlias(String alias) {
			this.alias = alias;
		}

	}

	/**
	 * The embedded web server's side of mutual TLS.
	 */
	public static class Server {

		/**
		 * Whether to serve HTTPS from the identity and demand client certificates on 'server.port'; false
		 * to keep your own 'server.ssl.*'.
		 */
		private boolean enabled = true;

		/**
		 * Whether a client certificate is required, optional or not requested: 'need' (the handshake
		 * fails without one), 'want' (requests without one get 401) or 'none'.
		 */
		private ClientAuth clientAuth = ClientAuth.NEED;

		/**
		 * TLS protocol versions to enable, on the server and the clients.
		 */
		private List<String> protocols = new ArrayList<>(List.of("TLSv1.3", "TLSv1.2"));

		/**
		 * Cipher suites to enable; empty for the JDK's defaults.
		 */
		private List<String> ciphers = new ArrayList<>();

		/**
		 * How many distinct client certificate chains to remember as verified, so that a client's
		 * next full handshake skips path validation; 0 to verify every handshake in full. Forgotten
		 * on every reload; revocation is still checked on every handshake.
		 */
		private int verifiedChainsCacheSize = 10_000;

		/**
		 * How long a TLS session may be resumed (new connections skip the certificate exchange).
		 * Peers of resumed sessions are verified again after a reload or CRL update.
		 */
		private Duration sessionTimeout = Duration.ofHours(1);

		/**
		 * TLS implementation of the server: 'jdk'; 'openssl' (BoringSSL from
		 * netty-tcnative-boringssl-static, which must be on the classpath, with netty-handler on
		 * Tomcat; HTTP/1.1 only on Tomcat); 'bouncycastle' (Bouncy Castle's JSSE from bctls-jdk18on:
		 * faster full handshakes on JDK 17, no TLS 1.3 session resumption); or 'auto' (OpenSSL on
		 * Reactor Netty when available, else the JDK; always the JDK on Tomcat).
		 */
		private TlsEngine engine = TlsEngine.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		public List<String> getProtocols() {
			return this.protocols;
		}

		public void setProtocols(List<String> protocols) {
			this.protocols = protocols;
		}

		public List<String> getCiphers() {
			return this.ciphers;
		}

		public void setCiphers(List<String> ciphers) {
			this.ciphers = ciphers;
		}

		public int getVerifiedChainsCacheSize() {
			return this.verifiedChainsCacheSize;
		}

		public void setVerifiedChainsCacheSize(int verifiedChainsCacheSize) {
			this.verifiedChainsCacheSize = verifiedChainsCacheSize;
		}

		public Duration getSessionTimeout() {
			return this.sessionTimeout;
		}

		public void setSessionTimeout(Duration sessionTimeout) {
			this.sessionTimeout = sessionTimeout;
		}

		public TlsEngine getEngine() {
			return this.engine;
		}

		public void setEngine(TlsEngine engine) {
			this.engine = engine;
		}

	}

	/**
	 * The outbound side: auto-configured HTTP client builders.
	 */
	public static class Client {

		/**
		 * Whether the auto-configured RestClient.Builder, RestTemplateBuilder and WebClient.Builder
		 * present the identity and trust only the trust set.
		 */
		private boolean enabled = true;

		/**
		 * TLS implementation of the WebClient's Reactor Netty connector: 'jdk', 'openssl'
		 * (BoringSSL from netty-tcnative-boringssl-static, which must be on the classpath) or
		 * 'auto' (OpenSSL when available).
		 */
		private TlsEngine engine = TlsEngine.AUTO;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public TlsEngine getEngine() {
			return this.engine;
		}

		public void setEngine(TlsEngine engine) {
			this.engine = engine;
		}

	}

	/**
	 * A rule granting authorities to peers.
	 */
	public static class Grant {

		/**
		 * Principal pattern: exact, or a glob where '*' matches any characters but '/' and '**' any
		 * characters.
		 */
		private String peer;

		/**
		 * Authorities granted to matching peers.
		 */
		private List<String> authorities = new ArrayList<>();

		public String getPeer() {
			return this.peer;
		}

		public void setPeer(String peer) {
			this.peer = peer;
		}

		public List<String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(List<String> authorities) {
			this.authorities = authorities;
		}

	}

	/**
	 * A development certificate authority that issues this service's identity when none is
	 * configured. Never enable it in production.
	 */
	public static class Dev {

		/**
		 * Whether to create (or reuse) a development CA and issue this service an identity from it when
		 * no identity is configured. Development only.
		 */
		private boolean enabled;

		/**
		 * Directory holding the development CA, the issued certificates and the client certificate
		 * for people.
		 */
		private String directory = ".mtls-dev";

		/**
		 * SPIFFE trust domain of the issued identities.
		 */
		private String trustDomain = "dev.mtls.local";

		/**
		 * Service name in the issued SPIFFE ID and file names; defaults to 'spring.application.name'.
		 */
		private String serviceName;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getDirectory() {
			return this.directory;
		}

		public void setDirectory(String directory) {
			this.directory = directory;
		}

		public String getTrustDomain() {
			return this.trustDomain;
		}

		public void setTrustDomain(String trustDomain) {
			this.trustDomain = trustDomain;
		}

		public String getServiceName() {
			return this.serviceName;
		}

		public void setServiceName(String serviceName) {
			this.serviceName = serviceName;
		}

	}

}
