package dev.mtls.boot.client;

import javax.net.ssl.SSLException;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.NettyTlsEngines;
import dev.mtls.boot.core.TlsEngine;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.SslProvider.SslContextSpec;

import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.function.ThrowingConsumer;

/**
 * Names the TLS engine ({@code mtls.client.engine}) of a Reactor Netty WebClient connector. Boot's
 * own builder leaves the choice to Netty, which takes OpenSSL whenever netty-tcnative is on the
 * class path. The SSL context is built like Boot's, from the same bundle managers, once per built
 * connector ({@link RotatingConnector} builds one per material update, so sessions cached for an
 * old identity are not resumed); host name verification stays on ({@link HttpClient#secure} adds it).
 *
 * @author mtls-spring-boot
 */
final class NettyClientTls {

	private NettyClientTls() {
	}

	static ClientHttpConnectorBuilder<?> apply(ClientHttpConnectorBuilder<?> builder, MtlsMaterial material,
			TlsEngine engine) {
		if (!(builder instanceof ReactorClientHttpConnectorBuilder reactor)) {
			return builder;
		}
		SslProvider provider = NettyTlsEngines.provider(engine, "mtls.client.engine");
		return reactor.withHttpClientCustomizer((client) -> client
			.secure(ThrowingConsumer.of((spec) -> configure(spec, material.bundle(), provider))));
	}

	private static void configure(SslContextSpec spec, SslBundle bundle, SslProvider provider) throws SSLException {
		spec.sslContext(SslContextBuilder.forClient()
			.sslProvider(provider)
			.keyManager(bundle.getManagers().getKeyManagerFactory())
			.trustManager(bundle.getManagers().getTrustManagerFactory())
			.ciphers(SslOptions.asSet(bundle.getOptions().getCiphers()))
			.protocols(bundle.getOptions().getEnabledProtocols())
			.build());
	}

}
