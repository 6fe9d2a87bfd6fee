package dev.mtls.boot.core;

import java.security.GeneralSecurityException;
import java.security.Provider;

import javax.net.ssl.SSLContext;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.ClassUtils;

/**
 * Builds JSSE SSL contexts for the engine a server is told to use: the JDK's own provider, or
 * Bouncy Castle's JSSE over Bouncy Castle's cryptography. The Bouncy Castle providers are created
 * for the starter only and never registered with {@link java.security.Security}, so nothing else
 * in the application changes provider.
 *
 * @author mtls-spring-boot
 */
public final class JsseEngines {

	private static final boolean BOUNCYCASTLE_PRESENT = ClassUtils
		.isPresent("org.bouncycastle.jsse.provider.BouncyCastleJsseProvider", JsseEngines.class.getClassLoader());

	private JsseEngines() {
	}

	/**
	 * Whether Bouncy Castle's JSSE provider is on the class path.
	 * @return whether {@link TlsEngine#BOUNCYCASTLE} is available
	 */
	public static boolean bouncyCastleAvailable() {
		return BOUNCYCASTLE_PRESENT;
	}

	/**
	 * Resolve a JSSE engine setting: {@code null} for the JDK's default provider.
	 * @param engine the setting; only {@link TlsEngine#BOUNCYCASTLE} names another provider
	 * @param property the property it came from, for the error
	 * @return the provider, or {@code null} for the JDK's
	 */
	public static @Nullable Provider provider(TlsEngine engine, String property) {
		return switch (engine) {
			// Never chosen by 'auto': Bouncy Castle's server does not resume TLS 1.3 sessions.
			case JDK, OPENSSL, AUTO -> null;
			case BOUNCYCASTLE -> {
				if (!BOUNCYCASTLE_PRESENT) {
					throw ConfigurationProblem.of(property, "bouncycastle",
							"Bouncy Castle's JSSE provider is not on the classpath.",
							"Add org.bouncycastle:bctls-jdk18on to the application's dependencies, or set " + property
									+ "=jdk.");
				}
				yield BouncyCastle.JSSE;
			}
		};
	}

	/**
	 * Create a server SSL context from the material's managers with the given provider.
	 * @param material the material
	 * @param provider the provider, or {@code null} for the JDK's
	 * @return the initialised context
	 */
	public static SSLContext sslContext(MtlsMaterial material, @Nullable Provider provider) {
		SslBundle bundle = material.bundle();
		if (provider == null) {
			return bundle.createSslContext();
		}
		try {
			SSLContext context = SSLContext.getInstance(bundle.getProtocol(), provider);
			context.init(material.keyManagerFactory(provider).getKeyManagers(), bundle.getManagers().getTrustManagers(),
					null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not create an SSL context with " + provider.getName(), ex);
		}
	}

	/**
	 * Describe a provider for logs.
	 * @param provider the provider, or {@code null} for the JDK's
	 * @return e.g. {@code JDK} or {@code Bouncy Castle JSSE 1.81}
	 */
	public static String describe(@Nullable Provider provider) {
		return (provider != null) ? provider.getInfo() : "JDK";
	}

	/**
	 * Loaded only when Bouncy Castle is on the class path.
	 */
	private static final class BouncyCastle {

		static final Provider JSSE = new BouncyCastleJsseProvider(new BouncyCastleProvider());

	}

}
