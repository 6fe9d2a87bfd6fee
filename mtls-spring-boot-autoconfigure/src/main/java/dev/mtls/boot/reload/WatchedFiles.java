package dev.mtls.boot.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.mtls.boot.core.MtlsProperties;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * The file-system paths behind the {@code mtls.identity.*} and {@code mtls.trust.*} locations.
 * Inline PEM and {@code classpath:} resources cannot change and are left out.
 *
 * @author mtls-spring-boot
 */
final class WatchedFiles {

	private WatchedFiles() {
	}

	static List<Path> of(MtlsProperties properties, ResourceLoader resourceLoader) {
		List<Path> files = new ArrayList<>();
		Stream.of(properties.getIdentity().getCertificate(), properties.getIdentity().getPrivateKey(),
				properties.getIdentity().getKeystore().getLocation(), properties.getTrust().getCertificates(),
				properties.getTrust().getTruststore().getLocation())
			.filter(StringUtils::hasText)
			.filter((location) -> !location.contains("-----BEGIN"))
			.forEach((location) -> {
				Resource resource = resourceLoader.getResource(location);
				if (resource.isFile()) {
					try {
						files.add(resource.getFile().toPath());
					}
					catch (IOException ex) {
						// Not a file after all: nothing to watch.
					}
				}
			});
		return files;
	}

}
