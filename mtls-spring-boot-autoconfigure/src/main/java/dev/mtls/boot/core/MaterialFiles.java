package dev.mtls.boot.core;

import org.springframework.core.io.ResourceLoader;

/**
 * Loads the identity and trust set that {@code mtls.*} properties name, exactly as startup does,
 * for diagnosis outside a running application ({@code dev.mtls.boot.doctor.Doctor}). Problems
 * surface as the same {@link org.springframework.boot.diagnostics.FailureAnalyzedException}s,
 * naming the property, the file and the fix.
 *
 * @author mtls-spring-boot
 */
public final class MaterialFiles {

	private MaterialFiles() {
	}

	/**
	 * Load identity and trust set.
	 * @param properties the settings
	 * @param resourceLoader resolves {@code file:} and {@code classpath:} locations
	 * @return the material
	 */
	public static Loaded load(MtlsProperties properties, ResourceLoader resourceLoader) {
		Material material = new MaterialLoader(new MaterialSource(resourceLoader)).load(properties);
		return new Loaded(material.identity(), material.trust());
	}

	/**
	 * Loaded material.
	 * @param identity the identity
	 * @param trust the trust set
	 */
	public record Loaded(Identity identity, TrustSet trust) {

	}

}
