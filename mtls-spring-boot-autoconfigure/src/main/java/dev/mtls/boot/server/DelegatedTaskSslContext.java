package dev.mtls.boot.server;

import java.util.List;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * A Netty {@link SslContext} whose handlers run the engine's delegated tasks on an executor rather
 * than on the event loop. The trust manager runs in such a task (the JDK engine's, and OpenSSL's
 * certificate verification), and with revocation checking it may wait for an OCSP responder or a
 * CRL download: inline, that wait would stall every connection served by the same event loop.
 * Reactor Netty creates handlers through {@link #newHandler(ByteBufAllocator)} only, so the
 * executor is chosen here; everything else is the wrapped context's.
 *
 * @author mtls-spring-boot
 */
@SuppressWarnings("deprecation")
final class DelegatedTaskSslContext extends SslContext {

	private final SslContext context;

	private final Executor tasks;

	DelegatedTaskSslContext(SslContext context, Executor tasks) {
		this.context = context;
		this.tasks = tasks;
	}

	@Override
	protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
		return this.context.newHandler(alloc, this.tasks);
	}

	@Override
	protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls) {
		return this.context.newHandler(alloc, peerHost, peerPort, this.tasks);
	}

	@Override
	public SslHandler newHandler(ByteBufAllocator alloc, Executor delegatedTaskExecutor) {
		return this.context.newHandler(alloc, delegatedTaskExecutor);
	}

	@Override
	public SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort,
			Executor delegatedTaskExecutor) {
		return this.context.newHandler(alloc, peerHost, peerPort, delegatedTaskExecutor);
	}

	@Override
	public boolean isClient() {
		return this.context.isClient();
	}

	@Override
	public List<String> cipherSuites() {
		return this.context.cipherSuites();
	}

	@Override
	public long sessionCacheSize() {
		return this.context.sessionCacheSize();
	}

	@Override
	public long sessionTimeout() {
		return this.context.sessionTimeout();
	}

	@Override
	public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
		return this.context.applicationProtocolNegotiator();
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc) {
		return this.context.newEngine(alloc);
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
		return this.context.newEngine(alloc, peerHost, peerPort);
	}

	@Override
	public SSLSessionContext sessionContext() {
		return this.context.sessionContext();
	}

}
