package dev.mtls.boot.data;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtls.boot.core.MtlsMaterial;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * The material of each running application, for the PostgreSQL driver: it creates its SSL socket
 * factory from a class name and the connection's properties, so the factory finds the material by
 * a key the starter adds to those properties. Registered while the application runs.
 *
 * @author mtls-spring-boot
 */
final class RunningMaterials implements DisposableBean {

	/**
	 * Connection property that names the material; the driver ignores properties it does not know.
	 */
	static final String KEY_PROPERTY = "mtlsMaterial";

	private static final Map<String, MtlsMaterial> running = new ConcurrentHashMap<>();

	private final String key = UUID.randomUUID().toString();

	RunningMaterials(MtlsMaterial material) {
		running.put(this.key, material);
	}

	String key() {
		return this.key;
	}

	@Override
	public void destroy() {
		running.remove(this.key);
	}

	/**
	 * Return the material registered under the key or, without a key (a URL written by hand), the
	 * only one registered.
	 */
	static MtlsMaterial find(@Nullable String key) {
		if (key != null) {
			MtlsMaterial material = running.get(key);
			if (material == null) {
				throw new IllegalStateException("No running application with mTLS material " + key
						+ " (was its context closed?)");
			}
			return material;
		}
		if (running.size() != 1) {
			throw new IllegalStateException("Cannot tell which mTLS material to use: " + running.size()
					+ " applications run with mtls.data.postgresql.enabled=true in this JVM; let the starter "
					+ "configure the data source instead of naming " + PostgresSslFactory.class.getName()
					+ " in the JDBC URL");
		}
		return running.values().iterator().next();
	}

}
