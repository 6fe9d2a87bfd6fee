package dev.mtls.boot.core;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Resolves {@code mtls.server.engine} and {@code mtls.client.engine} to Netty's TLS provider. Only
 * used where Reactor Netty is on the class path.
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

}
