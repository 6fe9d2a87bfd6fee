package dev.mtls.boot.core;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;

/**
 * Registers the {@value MtlsMaterial#BUNDLE_NAME} SSL bundle and reports every swap of its material
 * as a bundle update. With {@code mtls.bundle}, the material is first read from the user's own
 * bundle, and follows that bundle's reloads.
 *
 * @author mtls-spring-boot
 */
final class MtlsBundleRegistrar implements SslBundleRegistrar {

	private final MtlsMaterial material;

	private final MaterialLoader loader;

	private final @Nullable String sourceBundle;

	MtlsBundleRegistrar(MtlsMaterial material, MaterialLoader loader, @Nullable String sourceBundle) {
		this.material = material;
		this.loader = loader;
		this.sourceBundle = sourceBundle;
	}

	@Override
	public void registerBundles(SslBundleRegistry registry) {
		if (this.sourceBundle != null) {
			loadFromSourceBundle(registry, this.sourceBundle);
		}
		registry.registerBundle(MtlsMaterial.BUNDLE_NAME, this.material.bundle());
		// Boot's own readers (ssl.chain.expiry, SslInfo's listeners) learn of each swap. The servers
		// are not among them: they are given a registry of their own (see the server customizers),
		// since they follow swaps through the bundle's managers, and Boot 4.1.0's Tomcat would drop
		// the starter's SSL host configuration on an update (spring-boot#51457).
		this.material.addUpdateListener(() -> registry.updateBundle(MtlsMaterial.BUNDLE_NAME, this.material.bundle()));
	}

	private void loadFromSourceBundle(SslBundleRegistry registry, String sourceBundle) {
		if (!(registry instanceof SslBundles bundles)) {
			throw ConfigurationProblem.of("mtls.bundle", sourceBundle,
					"the application's SslBundleRegistry cannot look bundles up.",
					"Remove mtls.bundle and configure mtls.identity and mtls.trust directly.");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(sourceBundle);
		}
		catch (NoSuchSslBundleException ex) {
			throw ConfigurationProblem.of("mtls.bundle", sourceBundle,
					"no SSL bundle has this name (defined: %s).".formatted(bundles.getBundleNames()),
					"Define the bundle under spring.ssl.bundle.pem.%1$s or spring.ssl.bundle.jks.%1$s, or correct mtls.bundle."
						.formatted(sourceBundle),
					ex);
		}
		this.material.update(this.loader.load(sourceBundle, bundle));
		this.material.reloadFrom(() -> this.loader.load(sourceBundle, bundles.getBundle(sourceBundle)));
		bundles.addBundleUpdateHandler(sourceBundle, (updated) -> this.material.reload());
	}

}
