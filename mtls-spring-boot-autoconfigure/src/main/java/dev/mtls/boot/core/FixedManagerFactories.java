package dev.mtls.boot.core;

import java.security.KeyStore;
import java.security.Provider;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Key and trust manager factories that always hand out the same (swappable) managers, which is
 * the shape {@code SslManagerBundle} and the servers and clients reading it expect.
 *
 * @author mtls-spring-boot
 */
final class FixedManagerFactories {

	private static final Provider PROVIDER = new Provider("mtls-spring-boot", "1.0", "Swappable managers") {
	};

	private FixedManagerFactories() {
	}

	static KeyManagerFactory of(KeyManager keyManager) {
		return new KeyManagerFactory(new KeyManagerFactorySpi() {

			@Override
			protected void engineInit(KeyStore keyStore, char[] password) {
			}

			@Override
			protected void engineInit(ManagerFactoryParameters parameters) {
			}

			@Override
			protected KeyManager[] engineGetKeyManagers() {
				return new KeyManager[] { keyManager };
			}

		}, PROVIDER, KeyManagerFactory.getDefaultAlgorithm()) {
		};
	}

	static TrustManagerFactory of(TrustManager trustManager) {
		return new TrustManagerFactory(new TrustManagerFactorySpi() {

			@Override
			protected void engineInit(KeyStore keyStore) {
			}

			@Override
			protected void engineInit(ManagerFactoryParameters parameters) {
			}

			@Override
			protected TrustManager[] engineGetTrustManagers() {
				return new TrustManager[] { trustManager };
			}

		}, PROVIDER, TrustManagerFactory.getDefaultAlgorithm()) {
		};
	}

}
