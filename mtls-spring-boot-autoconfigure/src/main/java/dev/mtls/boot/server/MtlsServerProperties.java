package dev.mtls.boot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.TlsEngine;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the embedded web server's side of mutual TLS. The protocols, ciphers and
 * verified chains cache are those of the {@code mtls} SSL bundle, which clients use too.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.server")
public class MtlsServerProperties {

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
