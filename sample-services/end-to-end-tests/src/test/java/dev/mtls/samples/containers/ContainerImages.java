package dev.mtls.samples.containers;

/**
 * The images the container tests run. Defaults are the usual public images; CI, which reaches no
 * registry, points both at a local image built from Debian packages ({@code .ci/build-test-images}).
 * Each is a system property or, for CI scripts, an environment variable.
 */
final class ContainerImages {

	private ContainerImages() {
	}

	/**
	 * A Java 17+ runtime with {@code sh}: {@code -Dmtls.it.jre-image} or {@code MTLS_IT_JRE_IMAGE}.
	 */
	static String jre() {
		return setting("mtls.it.jre-image", "MTLS_IT_JRE_IMAGE", "eclipse-temurin:17-jre");
	}

	/**
	 * nginx with {@code sh}: {@code -Dmtls.it.nginx-image} or {@code MTLS_IT_NGINX_IMAGE}.
	 */
	static String nginx() {
		return setting("mtls.it.nginx-image", "MTLS_IT_NGINX_IMAGE", "nginx:1.27");
	}

	private static String setting(String property, String variable, String defaultValue) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			value = System.getenv(variable);
		}
		return (value == null || value.isBlank()) ? defaultValue : value;
	}

}
