package dev.mtls.boot.security;

import java.security.cert.X509Certificate;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;

/**
 * Verifies a call's peer again on every message it sends or is sent, not only when the call
 * starts: a stream (a watch, a subscription, a bidirectional exchange) lasts as long as its caller
 * likes, and once a reload removed its CA, or its certificate expired or was revoked, it must end
 * as a new call from that peer would be refused. {@link PeerAuthenticator} answers from its cache
 * while the peer's decision is current, so a message costs a map look-up. A refused stream is
 * closed with {@code UNAUTHENTICATED}; what the service sends after that is dropped.
 *
 * @author mtls-spring-boot
 */
final class GrpcPeerStreams implements ServerInterceptor, Ordered {

	private final PeerAuthenticator authenticator;

	GrpcPeerStreams(PeerAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public int getOrder() {
		// Inside the authentication interceptor (CONTEXT_FILTER_ORDER - 10), before the rules.
		return GrpcSecurity.CONTEXT_FILTER_ORDER - 5;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		SecurityContext context = GrpcSecurity.SECURITY_CONTEXT_KEY.get();
		X509Certificate[] chain = GrpcPeerCertificates.chain(call.getAttributes());
		if (context == null || !(context.getAuthentication() instanceof PeerAuthentication) || chain == null) {
			return next.startCall(call, headers);
		}
		CheckedCall<Q, R> checked = new CheckedCall<>(call, chain, this.authenticator);
		return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(checked, headers)) {

			@Override
			public void onMessage(Q message) {
				if (checked.peerStillTrusted()) {
					super.onMessage(message);
				}
			}

			@Override
			public void onHalfClose() {
				if (checked.peerStillTrusted()) {
					super.onHalfClose();
				}
			}

		};
	}

	/**
	 * A call that verifies its peer before each message it sends. Synchronized: the service sends
	 * on its own threads while messages arrive on the call's executor, and a call must not be used
	 * from two threads at once.
	 */
	private static final class CheckedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

		private final X509Certificate[] chain;

		private final PeerAuthenticator authenticator;

		private boolean closed;

		CheckedCall(ServerCall<Q, R> call, X509Certificate[] chain, PeerAuthenticator authenticator) {
			super(call);
			this.chain = chain;
			this.authenticator = authenticator;
		}

		synchronized boolean peerStillTrusted() {
			if (this.closed) {
				return false;
			}
			if (this.authenticator.isCurrent(this.chain)) {
				return true;
			}
			try {
				this.authenticator.authenticate(this.chain);
				return true;
			}
			catch (AuthenticationException ex) {
				this.closed = true;
				super.close(Status.UNAUTHENTICATED.withDescription(ex.getMessage()), new Metadata());
				return false;
			}
		}

		@Override
		public synchronized void sendMessage(R message) {
			if (peerStillTrusted()) {
				super.sendMessage(message);
			}
		}

		@Override
		public synchronized void close(Status status, Metadata trailers) {
			if (!this.closed) {
				this.closed = true;
				super.close(status, trailers);
			}
		}

	}

}
