package dev.mtls.boot.devca;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of a development certificate authority that issues this service's identity when
 * none is configured. Never enable it in production.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.dev")
public class MtlsDevProperties {

	/**
	 * Whether to create (or reuse) a development CA and issue this service an identity from it when
	 * no identity is configured. Development only.
	 */
	private boolean enabled;

	/**
	 * Directory holding the development CA, the issued certificates and the client certificate
	 * for people.
	 */
	private String directory = ".mtls-dev";

	/**
	 * SPIFFE trust domain of the issued identities.
	 */
	private String trustDomain = "dev.mtls.local";

	/**
	 * Service name in the issued SPIFFE ID and file names; defaults to 'spring.application.name'.
	 */
	private @Nullable String serviceName;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getDirectory() {
		return this.directory;
	}

	public void setDirectory(String directory) {
		this.directory = directory;
	}

	public String getTrustDomain() {
		return this.trustDomain;
	}

	public void setTrustDomain(String trustDomain) {
		this.trustDomain = trustDomain;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

}
