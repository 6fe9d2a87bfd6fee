package dev.mtls.boot.devca;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * With {@code mtls.dev.enabled=true} and no identity configured, issues this service an identity
 * from the development CA and points {@code mtls.identity.*} (and {@code mtls.trust.*}, if unset)
 * at the files, so the rest of the starter treats them like any mounted certificate.
 *
 * @author mtls-spring-boot
 */
class DevIdentityEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "mtlsDevCertificateAuthority";

	private static final String BOUNCY_CASTLE = "org.bouncycastle.cert.X509v3CertificateBuilder";

	private final Log logger;

	DevIdentityEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DevIdentityEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("mtls.dev.enabled", Boolean.class, false)
				|| !environment.getProperty("mtls.enabled", Boolean.class, true) || hasIdentity(environment)) {
			return;
		}
		if (!ClassUtils.isPresent(BOUNCY_CASTLE, getClass().getClassLoader())) {
			throw new IllegalStateException("mtls.dev.enabled=true needs Bouncy Castle: add org.bouncycastle:bcpkix-jdk18on");
		}
		String serviceName = environment.getProperty("mtls.dev.service-name",
				environment.getProperty("spring.application.name", "application"));
		Path directory = Path.of(environment.getProperty("mtls.dev.directory", DevCertificateAuthority.DEFAULT_DIRECTORY));
		String trustDomain = environment.getProperty("mtls.dev.trust-domain",
				DevCertificateAuthority.DEFAULT_TRUST_DOMAIN);
		DevCertificateAuthority.DevIdentity identity = DevCertificateAuthority.open(directory, trustDomain)
			.issueServiceIdentity(serviceName);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("mtls.identity.certificate", "file:" + identity.certificate());
		properties.put("mtls.identity.private-key", "file:" + identity.privateKey());
		if (!StringUtils.hasText(environment.getProperty("mtls.trust.certificates"))
				&& !StringUtils.hasText(environment.getProperty("mtls.trust.truststore.location"))) {
			properties.put("mtls.trust.certificates", "file:" + identity.caCertificate());
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		this.logger.warn("mTLS development CA in " + identity.caCertificate().getParent() + " issued " + identity.spiffeId()
				+ "; never enable mtls.dev in production");
	}

	private static boolean hasIdentity(ConfigurableEnvironment environment) {
		return StringUtils.hasText(environment.getProperty("mtls.identity.certificate"))
				|| StringUtils.hasText(environment.getProperty("mtls.identity.keystore.location"))
				|| StringUtils.hasText(environment.getProperty("mtls.bundle"));
	}

}
