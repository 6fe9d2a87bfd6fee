package dev.mtls.boot.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StreamUtils;
import org.springframework.util.StringUtils;

/**
 * Reads the bytes behind a location property ({@code file:}, {@code classpath:}, a plain path or
 * inline PEM), failing with a message that names the property and the file.
 *
 * @author mtls-spring-boot
 */
final class MaterialSource {

	private final ResourceLoader resourceLoader;

	MaterialSource(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	String readText(String property, @Nullable String location) {
		if (location != null && location.contains("-----BEGIN")) {
			return location;
		}
		return new String(readBytes(property, location), StandardCharsets.UTF_8);
	}

	byte[] readBytes(String property, @Nullable String location) {
		if (!StringUtils.hasText(location)) {
			throw ConfigurationProblem.of(property, "", "it is not set.", "Set %s.".formatted(property));
		}
		Resource resource = this.resourceLoader.getResource(location);
		if (!resource.exists()) {
			throw ConfigurationProblem.of(property, location, "the file does not exist.",
					"Point %s at an existing file (for example file:/etc/tls/tls.crt), or mount the secret that holds it."
						.formatted(property));
		}
		if (!resource.isReadable()) {
			throw unreadable(property, location, "not a readable file");
		}
		try (InputStream in = resource.getInputStream()) {
			return StreamUtils.copyToByteArray(in);
		}
		catch (IOException ex) {
			RuntimeException failure = unreadable(property, location, ex.getMessage());
			failure.initCause(ex);
			throw failure;
		}
	}

	private static RuntimeException unreadable(String property, String location, @Nullable String reason) {
		return ConfigurationProblem.of(property, location, "the file cannot be read (" + reason + ").",
				"Make the file readable by the user that runs the application (check its permissions and the volume mount).");
	}

}
