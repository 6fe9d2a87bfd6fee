package dev.mtls.boot.core;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Picks the one place identity comes from: files (or a key store), an SSL bundle, or one
 * {@link IdentitySource}. Two configured at once would leave which one serves to chance, so that
 * fails startup naming both.
 *
 * @author mtls-spring-boot
 */
final class IdentitySources {

	private IdentitySources() {
	}

	static @Nullable IdentitySource single(List<IdentitySource> sources, MtlsProperties properties) {
		List<String> configured = new ArrayList<>();
		MtlsProperties.Identity identity = properties.getIdentity();
		if (StringUtils.hasText(identity.getCertificate())) {
			configured.add("mtls.identity.certificate");
		}
		if (StringUtils.hasText(identity.getKeystore().getLocation())) {
			configured.add("mtls.identity.keystore.location");
		}
		if (StringUtils.hasText(properties.getBundle())) {
			configured.add("mtls.bundle");
		}
		sources.forEach((source) -> configured.add("mtls.identity." + source.name()));
		// Files and a key store together are refused by the loader, with its own message.
		boolean files = configured.contains("mtls.identity.certificate")
				&& configured.contains("mtls.identity.keystore.location") && configured.size() == 2;
		if (configured.size() > 1 && !files) {
			throw ConfigurationProblem.of("identity is configured in more than one place: %s."
				.formatted(String.join(" and ", configured)),
					"Configure exactly one identity source: files (mtls.identity.certificate and private-key), a key "
							+ "store, an SSL bundle (mtls.bundle), SPIFFE (mtls.identity.spiffe) or ACME (mtls.identity.acme).");
		}
		return sources.isEmpty() ? null : sources.get(0);
	}

}
