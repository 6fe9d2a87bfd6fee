package dev.mtls.boot.server;

import java.security.Provider;
import java.time.Duration;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLException;

import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.JsseEngines;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.NettyTlsEngines;
import dev.mtls.boot.core.TlsEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.AbstractProtocolSslContextSpec;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Serves TLS on Reactor Netty from the material with an explicit engine ({@code mtls.server.engine}).
 * Spring Boot's own customizer never names one, so Netty silently picks OpenSSL whenever
 * netty-tcnative is on the classpath. The SSL context is rebuilt after every material update:
 * OpenSSL reads the accepted CA list (sent to clients in the certificate request) only when a
 * context is built, and a new context also retires the old session tickets. Connections pick the
 * current context per handshake through Reactor Netty's SNI mapping, as Boot's bundle reload does.
 * With revocation checking, handshake tasks run off the event loop ({@link DelegatedTaskSslContext}).
 *
 * @author mtls-spring-boot
 */
final class NettyServerTls implements NettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(NettyServerTls.class);

	private final MtlsMaterial material;

	private final boolean http2;

	private final ClientAuth clientAuth;

	private final Duration sessionTimeout;

	private final SslProvider engine;

	private final @Nullable Provider jsse;

	private final @Nullable Executor handshakeTasks;

	private volatile reactor.netty.tcp.SslProvider current;

	NettyServerTls(MtlsMaterial material, boolean http2, ClientAuth clientAuth, Duration sessionTimeout,
			TlsEngine engine) {
		this(material, http2, clientAuth, sessionTimeout, engine, null);
	}

	/**
	 * Create the customizer.
	 * @param handshakeTasks where handshake tasks (the trust manager among them) run, or
	 * {@code null} for the event loop
	 */
	NettyServerTls(MtlsMaterial material, boolean http2, ClientAuth clientAuth, Duration sessionTimeout,
			TlsEngine engine, @Nullable Executor handshakeTasks) {
		this.material = material;
		this.handshakeTasks = handshakeTasks;
		this.http2 = http2;
		this.clientAuth = clientAuth;
		this.sessionTimeout = sessionTimeout;
		this.engine = NettyTlsEngines.provider(engine, "mtls.server.engine");
		this.jsse = (this.engine == SslProvider.JDK) ? JsseEngines.provider(engine, "mtls.server.engine") : null;
		this.current = build();
		material.addUpdateListener(() -> this.current = build());
		logger.info("mTLS server TLS engine: " + ((this.engine == SslProvider.JDK) ? JsseEngines.describe(this.jsse)
				: NettyTlsEngines.describe(this.engine)));
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.secure((spec) -> spec.sslContext(this.current.getSslContext())
			.setSniAsyncMappings((serverName, promise) -> promise.setSuccess(this.current)));
	}

	private reactor.netty.tcp.SslProvider build() {
		AbstractProtocolSslContextSpec<?> spec = this.http2
				? Http2SslContextSpec.forServer(this.material.keyManagerFactory(this.jsse))
				: Http11SslContextSpec.forServer(this.material.keyManagerFactory(this.jsse));
		spec.configure((builder) -> NettyTlsEngines.configureServer(builder, this.material, this.engine, this.jsse,
				this.clientAuth, this.sessionTimeout));
		if (this.handshakeTasks == null) {
			return reactor.netty.tcp.SslProvider.builder().sslContext((GenericSslContextSpec<?>) spec).build();
		}
		try {
			SslContext context = ((GenericSslContextSpec<?>) spec).sslContext();
			return reactor.netty.tcp.SslProvider.builder()
				.sslContext(new DelegatedTaskSslContext(context, this.handshakeTasks))
				.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Unable to build the server's SSL context: " + ex.getMessage(), ex);
		}
	}

}
