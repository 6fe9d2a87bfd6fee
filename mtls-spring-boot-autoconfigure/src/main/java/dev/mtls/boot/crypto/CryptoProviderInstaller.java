package dev.mtls.boot.crypto;

import java.security.Provider;
import java.security.Security;
import java.util.function.Supplier;

import dev.mtls.boot.core.ConfigurationProblem;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Installs the JCA provider {@code mtls.crypto.provider} chooses as the JVM's most preferred one,
 * so that JSSE, which asks the JCA for its signatures, key agreements and ciphers in provider order,
 * runs the handshake on it. The provider order is JVM-wide: this runs once the configuration is
 * read and before the application context (and so any SSL bundle, server or client) exists, and a
 * provider already registered, by an earlier application in this JVM or the JVM's own
 * configuration, stays where it is. Logs which provider serves ECDSA, ECDH, XDH and AES-GCM.
 *
 * @author mtls-spring-boot
 */
class CryptoProviderInstaller implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "mtls.crypto.provider";

	private final Log logger;

	private final Supplier<Accp> accp;

	// Public: Boot takes the one public constructor; the other is for tests.
	public CryptoProviderInstaller(DeferredLogFactory logFactory) {
		this(logFactory, Accp::find);
	}

	CryptoProviderInstaller(DeferredLogFactory logFactory, Supplier<Accp> accp) {
		this.logger = logFactory.getLog(CryptoProviderInstaller.class);
		this.accp = accp;
	}

	@Override
	public int getOrder() {
		// Right after application.yml and profiles are read.
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("mtls.enabled", Boolean.class, true)) {
			return;
		}
		CryptoProvider setting = Binder.get(environment).bind(PROPERTY, CryptoProvider.class).orElse(CryptoProvider.AUTO);
		String choice = PROPERTY + "=" + setting.tag();
		if (setting == CryptoProvider.JDK) {
			report(choice);
			return;
		}
		Accp accp = this.accp.get();
		Provider provider = accp.provider();
		if (provider != null) {
			boolean installed = Security.insertProviderAt(provider, 1) != -1;
			report(choice + ((installed) ? ": installed " : ": already installed ") + provider.getInfo());
			return;
		}
		if (setting == CryptoProvider.ACCP) {
			throw ConfigurationProblem.of(PROPERTY, setting.tag(), "Amazon Corretto Crypto Provider " + accp.unusable() + ".",
					"Add software.amazon.cryptools:AmazonCorrettoCryptoProvider with this platform's classifier "
							+ "(linux-x86_64 or linux-aarch_64) to the application's dependencies, or set " + PROPERTY
							+ "=auto to use it only where it loads, or " + PROPERTY + "=jdk.");
		}
		String line = "mTLS crypto: the JDK's providers serve TLS, %s: Amazon Corretto Crypto Provider %s. %s"
			.formatted(choice, accp.unusable(), CryptoServices.describe());
		// Absent is the usual case; present but unusable is a problem.
		if (accp.present()) {
			this.logger.warn(line);
		}
		else {
			this.logger.info(line);
		}
	}

	private void report(String choice) {
		this.logger.info("mTLS crypto: " + CryptoServices.describe() + " (" + choice + ")");
	}

}
