package dev.mtls.boot.core;

import java.time.Clock;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * The trust set configured by {@code mtls.trust.*}, for an {@link IdentitySource} that issues an
 * identity but says nothing about which peers to trust (an ACME CA). Read with the same checks
 * and messages as for file-based identities.
 *
 * @author mtls-spring-boot
 */
public final class ConfiguredTrust {

	private final MaterialLoader loader;

	private final MtlsProperties.Trust properties;

	/**
	 * Create a reader of {@code mtls.trust.*}.
	 * @param properties the settings
	 * @param resourceLoader resolves locations
	 */
	public ConfiguredTrust(MtlsProperties properties, ResourceLoader resourceLoader) {
		this.properties = properties.getTrust();
		this.loader = new MaterialLoader(new MaterialSource(ApplicationResourceLoader.get(resourceLoader, true)),
				Clock.systemUTC());
	}

	/**
	 * Read the trust set now (files may have been rotated since the last read).
	 * @return the trust set, empty if {@code mtls.trust.*} is not set
	 */
	public TrustSet read() {
		return this.loader.loadTrust(this.properties);
	}

}
