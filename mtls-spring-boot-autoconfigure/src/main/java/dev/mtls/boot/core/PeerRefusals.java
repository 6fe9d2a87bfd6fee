package dev.mtls.boot.core;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Where refused peers are reported: the rate-limited log and recent list ({@link RefusalLog}) and
 * the listeners (metrics). A handshake failure an engine reports counts only if the trust manager
 * never saw the peer (a client that sent no certificate); the trust manager reported the others.
 *
 * @author mtls-spring-boot
 */
final class PeerRefusals implements SwappableTrustManager.Refusals {

	private final RefusalLog log;

	private final List<HandshakeFailureListener> listeners = new CopyOnWriteArrayList<>();

	PeerRefusals(RefusalLog log) {
		this.log = log;
	}

	void addListener(HandshakeFailureListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public void refused(String side, X509Certificate[] chain, @Nullable String remote, CertificateException failure) {
		report(side, RefusalReason.of(failure), chain, remote, failure);
	}

	/**
	 * Report a failed handshake seen by a server or client engine.
	 * @param side {@code server} or {@code client}
	 * @param remote the peer's address, if known
	 * @param failure the handshake's exception
	 */
	void handshakeFailed(String side, @Nullable String remote, Throwable failure) {
		RefusalReason reason = RefusalReason.of(failure);
		if (reason == RefusalReason.NO_CERTIFICATE) {
			report(side, reason, null, remote, failure);
		}
	}

	List<Refusal> recent() {
		return this.log.recent();
	}

	private void report(String side, RefusalReason reason, X509Certificate @Nullable [] chain, @Nullable String remote,
			Throwable failure) {
		this.log.refused(side, reason, chain, remote, failure);
		for (HandshakeFailureListener listener : this.listeners) {
			listener.failed(side, reason);
		}
	}

}
