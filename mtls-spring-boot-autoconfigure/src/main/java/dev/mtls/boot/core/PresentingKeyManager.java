package dev.mtls.boot.core;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

/**
 * A client key manager that always presents one certificate, even when the server's list of
 * accepted CAs does not name its issuer (the JDK's would then send none). For tools and tests that
 * must see how a server treats a given certificate: the doctor, the test peers. It tells a listener
 * which CAs the server said it accepts.
 *
 * @author mtls-spring-boot
 */
public final class PresentingKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "presented";

	private final X509Certificate[] chain;

	private final PrivateKey privateKey;

	private final Consumer<Principal[]> certificateRequests;

	/**
	 * Create a key manager.
	 * @param chain the certificate chain, leaf first
	 * @param privateKey the leaf's private key
	 * @param certificateRequests told the CA names of each certificate request (empty if none)
	 */
	public PresentingKeyManager(List<X509Certificate> chain, PrivateKey privateKey,
			Consumer<Principal[]> certificateRequests) {
		this.chain = chain.toArray(X509Certificate[]::new);
		this.privateKey = privateKey;
		this.certificateRequests = certificateRequests;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return new String[] { ALIAS };
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		this.certificateRequests.accept((issuers != null) ? issuers : new Principal[0]);
		return ALIAS;
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers, SSLEngine engine) {
		return chooseClientAlias(keyType, issuers, (Socket) null);
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return this.chain.clone();
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return this.privateKey;
	}

}
