package dev.mtls.boot.grpc;

import java.util.List;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;

import dev.mtls.boot.core.MtlsMaterial;
import io.grpc.netty.GrpcSslContexts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import org.springframework.boot.ssl.SslBundle;

/**
 * A grpc-netty client SSL context that is built anew from the {@code mtls} bundle after every
 * material update, each connection taking the current one. A new context has an empty TLS session
 * cache, so a channel that reconnects after a rotation makes a full handshake with the new identity
 * and trust set instead of resuming the session it opened with the old ones.
 *
 * @author mtls-spring-boot
 */
@SuppressWarnings("deprecation")
final class RotatingClientContext extends SslContext {

	private final SslBundle bundle;

	private volatile SslContext current;

	RotatingClientContext(MtlsMaterial material) {
		this.bundle = material.bundle();
		this.current = build();
		material.addUpdateListener(() -> this.current = build());
	}

	private SslContext build() {
		try {
			return GrpcSslContexts.forClient()
				.keyManager(this.bundle.getManagers().getKeyManagerFactory())
				.trustManager(this.bundle.getManagers().getTrustManagerFactory())
				.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Unable to build the gRPC client's SSL context: " + ex.getMessage(), ex);
		}
	}

	@Override
	protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
		return this.current.newHandler(alloc);
	}

	@Override
	protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls) {
		return this.current.newHandler(alloc, peerHost, peerPort);
	}

	@Override
	public SslHandler newHandler(ByteBufAllocator alloc, Executor delegatedTaskExecutor) {
		return this.current.newHandler(alloc, delegatedTaskExecutor);
	}

	@Override
	public SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort,
			Executor delegatedTaskExecutor) {
		return this.current.newHandler(alloc, peerHost, peerPort, delegatedTaskExecutor);
	}

	@Override
	public boolean isClient() {
		return true;
	}

	@Override
	public List<String> cipherSuites() {
		return this.current.cipherSuites();
	}

	@Override
	public long sessionCacheSize() {
		return this.current.sessionCacheSize();
	}

	@Override
	public long sessionTimeout() {
		return this.current.sessionTimeout();
	}

	@Override
	public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
		return this.current.applicationProtocolNegotiator();
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc) {
		return this.current.newEngine(alloc);
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
		return this.current.newEngine(alloc, peerHost, peerPort);
	}

	@Override
	public SSLSessionContext sessionContext() {
		return this.current.sessionContext();
	}

}
