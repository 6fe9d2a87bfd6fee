package dev.mtls.boot.client;

import dev.mtls.boot.core.TlsEngine;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the outbound side of mutual TLS: the auto-configured HTTP client builders.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.client")
public class MtlsClientProperties {

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
