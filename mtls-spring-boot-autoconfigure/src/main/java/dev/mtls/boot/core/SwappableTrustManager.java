package dev.mtls.boot.core;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;

/**
 * A trust manager that servers and clients keep for their whole life while the trust set behind
 * it is swapped (by {@link MtlsMaterial}, in one write together with the identity). The engine and socket variants are passed through unchanged, so
 * endpoint identification (hostname verification) stays on for clients, unless servers are
 * {@link #verifyServersBy verified by a check} of another name (a SPIFFE ID). A chain the trust set
 * accepts then goes through the {@link ChainCheck}s (revocation). Every refusal is reported (log and
 * listeners) before it is rethrown unchanged.
 *
 * @author mtls-spring-boot
 */
final class SwappableTrustManager extends X509ExtendedTrustManager {

	private static final String SERVER = "server";

	private static final String CLIENT = "client";

	private final Supplier<X509ExtendedTrustManager> current;

	private final ChainCheck checks;

	private final Refusals refusals;

	// When set, servers are verified by this check instead of by their host name (SPIFFE IDs).
	private volatile @Nullable ChainCheck serverIdentity;

	SwappableTrustManager(Supplier<X509ExtendedTrustManager> current, ChainCheck checks, Refusals refusals) {
		this.current = current;
		this.checks = checks;
		this.refusals = refusals;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		try {
			this.current.get().checkClientTrusted(chain, authType);
			this.checks.check(chain, true);
		}
		catch (CertificateException ex) {
			throw refused(SERVER, chain, null, ex);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		try {
			this.current.get().checkClientTrusted(chain, authType, socket);
			this.checks.check(chain, true);
		}
		catch (CertificateException ex) {
			throw refused(SERVER, chain, remote(socket), ex);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		try {
			this.current.get().checkClientTrusted(chain, authType, engine);
			this.checks.check(chain, true);
		}
		catch (CertificateException ex) {
			throw refused(SERVER, chain, remote(engine), ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		try {
			this.current.get().checkServerTrusted(chain, authType);
			ChainCheck identity = this.serverIdentity;
			if (identity != null) {
				identity.check(chain, false);
			}
			this.checks.check(chain, false);
		}
		catch (CertificateException ex) {
			throw refused(CLIENT, chain, null, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		try {
			ChainCheck identity = this.serverIdentity;
			if (identity != null) {
				this.current.get().checkServerTrusted(chain, authType);
				identity.check(chain, false);
			}
			else {
				this.current.get().checkServerTrusted(chain, authType, socket);
			}
			this.checks.check(chain, false);
		}
		catch (CertificateException ex) {
			throw refused(CLIENT, chain, remote(socket), ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		try {
			ChainCheck identity = this.serverIdentity;
			if (identity != null) {
				this.current.get().checkServerTrusted(chain, authType);
				identity.check(chain, false);
			}
			else {
				this.current.get().checkServerTrusted(chain, authType, engine);
			}
			this.checks.check(chain, false);
		}
		catch (CertificateException ex) {
			throw refused(CLIENT, chain, remote(engine), ex);
		}
	}

	/**
	 * Verify servers with a check of their certificate instead of the connection's endpoint
	 * identification (host name): the chain is still verified against the trust set.
	 * @param identity the check, e.g. of the server's SPIFFE ID
	 */
	void verifyServersBy(ChainCheck identity) {
		this.serverIdentity = identity;
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.current.get().getAcceptedIssuers();
	}

	private CertificateException refused(String side, X509Certificate[] chain, @Nullable String remote,
			CertificateException ex) {
		this.refusals.refused(side, chain, remote, ex);
		return ex;
	}

	/**
	 * Where refusals are reported.
	 */
	@FunctionalInterface
	interface Refusals {

		void refused(String side, X509Certificate[] chain, @Nullable String remote, CertificateException failure);

	}

	private static @Nullable String remote(@Nullable SSLEngine engine) {
		return (engine != null && engine.getPeerHost() != null) ? engine.getPeerHost() + ":" + engine.getPeerPort()
				: PeerAddress.current();
	}

	private static @Nullable String remote(@Nullable Socket socket) {
		return (socket != null && socket.getRemoteSocketAddress() != null) ? socket.getRemoteSocketAddress().toString()
				: null;
	}

}
