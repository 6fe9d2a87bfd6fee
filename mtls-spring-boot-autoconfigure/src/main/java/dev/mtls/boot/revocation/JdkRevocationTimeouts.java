package dev.mtls.boot.revocation;

import java.time.Duration;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Bounds the JDK's own OCSP and CRL network timeouts ({@code com.sun.security.ocsp.timeout},
 * {@code com.sun.security.crl.timeout}, 15 s by default) by {@code mtls.revocation.timeout}, so
 * that a dead responder cannot hold the revocation lookup threads for long. These are JVM-wide
 * system properties that the JDK reads once, at its first revocation check: they are set here,
 * before the application builds any TLS context, only when revocation checking is on and only if
 * they are not set already (a {@code -D} on the command line wins).
 *
 * @author mtls-spring-boot
 */
class JdkRevocationTimeouts implements EnvironmentPostProcessor {

	static final String OCSP_TIMEOUT = "com.sun.security.ocsp.timeout";

	static final String CRL_TIMEOUT = "com.sun.security.crl.timeout";

	private final Log logger;

	JdkRevocationTimeouts(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(JdkRevocationTimeouts.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String mode = environment.getProperty("mtls.revocation.mode", "none");
		if (!environment.getProperty("mtls.enabled", Boolean.class, true) || "none".equalsIgnoreCase(mode)) {
			return;
		}
		Duration timeout = Binder.get(environment)
			.bind("mtls.revocation.timeout", Duration.class)
			.orElseGet(() -> new MtlsRevocationProperties().getTimeout());
		// The JDK takes whole seconds.
		String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
		for (String property : new String[] { OCSP_TIMEOUT, CRL_TIMEOUT }) {
			if (System.getProperty(property) == null) {
				System.setProperty(property, seconds);
				this.logger.debug("Set " + property + "=" + seconds + " from mtls.revocation.timeout");
			}
		}
	}

}
