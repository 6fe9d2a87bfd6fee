package dev.mtls.boot.core;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that servers and clients keep for their whole life while the identity behind it
 * is swapped (by {@link MtlsMaterial}, in one write together with the trust set); new handshakes
 * use the new identity, open connections are untouched.
 *
 * @author mtls-spring-boot
 */
final class SwappableKeyManager extends X509ExtendedKeyManager {

	private final Supplier<X509ExtendedKeyManager> current;

	SwappableKeyManager(Supplier<X509ExtendedKeyManager> current) {
		this.current = current;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return this.current.get().getClientAliases(keyType, issuers);
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return this.current.get().chooseClientAlias(keyType, issuers, socket);
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		return this.current.get().chooseEngineClientAlias(keyType, issuers, engine);
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return this.current.get().getServerAliases(keyType, issuers);
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return this.current.get().chooseServerAlias(keyType, issuers, socket);
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return this.current.get().chooseEngineServerAlias(keyType, issuers, engine);
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return this.current.get().getCertificateChain(alias);
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return this.current.get().getPrivateKey(alias);
	}

}
