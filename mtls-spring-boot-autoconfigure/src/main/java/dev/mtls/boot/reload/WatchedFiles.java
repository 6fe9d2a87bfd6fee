package dev.mtls.boot.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.mtls.boot.core.MtlsProperties;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * The file-system paths behind the {@code mtls.identity.*} and {@code mtls.trust.*} locations.
 * Inline PEM and {@code classpath:} resources cannot change and are left out; the doctor names
 * them.
 *
 * @author mtls-spring-boot
 */
public final class WatchedFiles {

	private WatchedFiles() {
	}

	/**
	 * Return the files a reload watches.
	 * @param properties the settings
	 * @param resourceLoader resolves locations
	 * @return the files
	 */
	public static List<Path> of(MtlsProperties properties, ResourceLoader resourceLoader) {
		List<Path> files = new ArrayList<>();
		locations(properties).forEach((location) -> {
			Path file = file(location, resourceLoader);
			if (file != null) {
				files.add(file);
			}
		});
		return files;
	}

	/**
	 * Return the configured locations that are not files and so never change: inline PEM,
	 * {@code classpath:} resources.
	 * @param properties the settings
	 * @param resourceLoader resolves locations
	 * @return the locations (inline PEM shown as {@code (inline PEM)})
	 */
	public static List<String> unwatchable(MtlsProperties properties, ResourceLoader resourceLoader) {
		return locations(properties).filter((location) -> file(location, resourceLoader) == null)
			.map((location) -> location.contains("-----BEGIN") ? "(inline PEM)" : location)
			.toList();
	}

	private static Stream<String> locations(MtlsProperties properties) {
		return Stream.of(properties.getIdentity().getCertificate(), properties.getIdentity().getPrivateKey(),
				properties.getIdentity().getKeystore().getLocation(), properties.getTrust().getCertificates(),
				properties.getTrust().getTruststore().getLocation())
			.filter(StringUtils::hasText);
	}

	private static @Nullable Path file(String location, ResourceLoader resourceLoader) {
		if (location.contains("-----BEGIN")) {
			return null;
		}
		Resource resource = resourceLoader.getResource(location);
		if (!resource.isFile()) {
			return null;
		}
		try {
			return resource.getFile().toPath();
		}
		catch (IOException ex) {
			// Not a file after all: nothing to watch.
			return null;
		}
	}

}
