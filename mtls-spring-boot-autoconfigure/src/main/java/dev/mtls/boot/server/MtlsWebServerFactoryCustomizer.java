package dev.mtls.boot.server;


import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Makes the application's web server (not a separate management server) serve HTTPS from the
 * {@value MtlsMaterial#BUNDLE_NAME} bundle and ask clients for certificates per
 * {@code mtls.server.client-auth}. Runs after Spring Boot's own customizer; {@code server.ssl.*}
 * beside it fails startup ({@link ServerSettings#requireNoServerSsl}) rather than being overridden
 * without a word.
 *
 * @author mtls-spring-boot
 */
final class MtlsWebServerFactoryCustomizer implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

	static final int ORDER = 10;

	private final MtlsMaterial material;

	private final ClientAuth clientAuth;

	private final Environment environment;

	MtlsWebServerFactoryCustomizer(MtlsMaterial material, ClientAuth clientAuth, Environment environment) {
		this.material = material;
		this.clientAuth = clientAuth;
		this.environment = environment;
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		ServerSettings.requireNoServerSsl(this.environment);
		ServerSettings.requireTrust(this.clientAuth, this.material.trust().isConfigured());
		Ssl ssl = Ssl.forBundle(MtlsMaterial.BUNDLE_NAME);
		ssl.setClientAuth(switch (this.clientAuth) {
			case NEED -> Ssl.ClientAuth.NEED;
			case WANT -> Ssl.ClientAuth.WANT;
			case NONE -> Ssl.ClientAuth.NONE;
		});
		factory.setSsl(ssl);
		// A registry of the server's own: the server follows swaps through the bundle's managers, so
		// it must not hear of them as bundle updates (Boot 4.1.0's Tomcat would rebuild its SSL host
		// configuration without the starter's trust manager, spring-boot#51457).
		factory.setSslBundles(new DefaultSslBundleRegistry(MtlsMaterial.BUNDLE_NAME, this.material.bundle()));
	}

	@Override
	public int getOrder() {
		// Spring Boot's ServletWebServerFactoryCustomizer and ReactiveWebServerFactoryCustomizer use 0.
		return ORDER;
	}

}
