package dev.mtls.boot.core;

import java.security.Provider;
import java.time.Duration;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Resolves {@code mtls.server.engine} and {@code mtls.client.engine} to Netty's TLS provider. Only
 * used where Netty is on the class path: Reactor Netty, or Tomcat with {@code mtls.server.engine=openssl}.
 *
 * @author mtls-spring-boot
 */
public final class NettyTlsEngines {

	private NettyTlsEngines() {
	}

	/**
	 * Resolve an engine setting to Netty's provider.
	 * @param engine the setting
	 * @param property the property it came from, for the error
	 * @return the provider
	 */
	public static SslProvider provider(TlsEngine engine, String property) {
		return switch (engine) {
			case JDK, BOUNCYCASTLE -> SslProvider.JDK;
			case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
			case OPENSSL -> {
				if (!OpenSsl.isAvailable()) {
					throw ConfigurationProblem.of(property, "openssl",
							"OpenSSL is not available to Netty (" + OpenSsl.unavailabilityCause() + ").",
							"Add io.netty:netty-tcnative-boringssl-static (version managed by Spring Boot) to the "
									+ "application's dependencies, or set " + property + "=jdk.");
				}
				yield SslProvider.OPENSSL;
			}
		};
	}

	/**
	 * Describe a provider for logs.
	 * @param provider the provider
	 * @return e.g. {@code JDK} or {@code OpenSSL (BoringSSL)}
	 */
	public static String describe(SslProvider provider) {
		return (provider == SslProvider.JDK) ? "JDK" : "OpenSSL (" + OpenSsl.versionString() + ")";
	}

	/**
	 * Configure a Netty server context from the material: the trust set, the bundle's protocols
	 * and ciphers, client authentication and the session lifetime.
	 * @param builder a builder created with the material's key manager factory
	 * @param material the material
	 * @param engine the Netty provider
	 * @param jsse the JSSE provider when {@code engine} is the JDK's, else {@code null}
	 * @param clientAuth whether clients must present a certificate
	 * @param sessionTimeout how long sessions and TLS 1.3 tickets may be resumed
	 * @return the builder
	 */
	public static SslContextBuilder configureServer(SslContextBuilder builder, MtlsMaterial material,
			SslProvider engine, @Nullable Provider jsse, ClientAuth clientAuth, Duration sessionTimeout) {
		SslBundle bundle = material.bundle();
		return builder.sslProvider(engine)
			.sslContextProvider(jsse)
			.trustManager(bundle.getManagers().getTrustManagerFactory())
			.protocols(bundle.getOptions().getEnabledProtocols())
			.ciphers(SslOptions.asSet(bundle.getOptions().getCiphers()))
			.clientAuth(switch (clientAuth) {
				case NEED -> io.netty.handler.ssl.ClientAuth.REQUIRE;
				case WANT -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
				case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
			})
			.sessionTimeout(sessionTimeout.toSeconds());
	}

}
