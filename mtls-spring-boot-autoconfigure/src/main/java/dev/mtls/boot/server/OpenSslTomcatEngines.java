package dev.mtls.boot.server;

import java.time.Duration;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;

import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.NettyTlsEngines;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

/**
 * Tomcat engines from netty-tcnative's BoringSSL ({@code mtls.server.engine=openssl}): Netty's
 * OpenSSL {@link SSLEngine} is a plain JSSE engine, so Tomcat's NIO connector drives it like its
 * own, and it calls the material's trust managers like every other engine. Tomcat's own OpenSSL
 * support needs a native library that is not on Maven Central. As on Reactor Netty, the context is
 * rebuilt after every material update, because OpenSSL reads the accepted CA list only then.
 * Netty's non reference-counted engines are used: Tomcat never releases an engine.
 *
 * @author mtls-spring-boot
 */
final class OpenSslTomcatEngines implements TomcatEngines {

	private final MtlsMaterial material;

	private final ClientAuth clientAuth;

	private final Duration sessionTimeout;

	private volatile SslContext current;

	OpenSslTomcatEngines(MtlsMaterial material, ClientAuth clientAuth, Duration sessionTimeout) {
		this.material = material;
		this.clientAuth = clientAuth;
		this.sessionTimeout = sessionTimeout;
		this.current = build();
		material.addUpdateListener(() -> this.current = build());
	}

	private SslContext build() {
		SslContextBuilder builder = SslContextBuilder.forServer(this.material.keyManagerFactory(null));
		try {
			return NettyTlsEngines
				.configureServer(builder, this.material, SslProvider.OPENSSL, null, this.clientAuth, this.sessionTimeout)
				.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Could not create an OpenSSL context for Tomcat", ex);
		}
	}

	@Override
	public SSLEngine create() {
		return this.current.newEngine(ByteBufAllocator.DEFAULT);
	}

	@Override
	public SSLSessionContext sessionContext() {
		return this.current.sessionContext();
	}

	@Override
	public SSLParameters supportedParameters() {
		SSLEngine engine = create();
		try {
			return new SSLParameters(engine.getSupportedCipherSuites(), engine.getSupportedProtocols());
		}
		finally {
			ReferenceCountUtil.release(engine);
		}
	}

}
