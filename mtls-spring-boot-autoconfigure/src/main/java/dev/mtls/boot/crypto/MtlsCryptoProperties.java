package dev.mtls.boot.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the cryptography under the JDK's TLS engine.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.crypto")
public class MtlsCryptoProperties {

	/**
	 * JCA provider for the JDK TLS engine's signatures, key agreement and record encryption: 'jdk',
	 * 'accp' (Amazon Corretto Crypto Provider, startup fails when it cannot be used) or 'auto' (ACCP
	 * when it is on the class path and loads, else the JDK's). Installing a provider changes the
	 * whole JVM's provider order, once, at startup.
	 */
	private CryptoProvider provider = CryptoProvider.AUTO;

	public CryptoProvider getProvider() {
		return this.provider;
	}

	public void setProvider(CryptoProvider provider) {
		this.provider = provider;
	}

}
