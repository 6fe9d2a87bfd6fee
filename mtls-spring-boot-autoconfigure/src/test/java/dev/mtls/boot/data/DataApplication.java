package dev.mtls.boot.data;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.SecretVolume;
import dev.mtls.boot.testing.TestPki;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * An application with the starter and one data client, as a user would write it: everything
 * auto-configured, no web server. The data clients it does not use are excluded.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class DataApplication {

	private static final String REDIS = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration";

	private static final String JDBC = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	private static final String KAFKA = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

	static ConfigurableApplicationContext redis(String... arguments) {
		return run(JDBC + "," + KAFKA, arguments);
	}

	static ConfigurableApplicationContext postgresql(String... arguments) {
		return run(REDIS + "," + KAFKA, arguments);
	}

	static ConfigurableApplicationContext kafka(Class<?> listeners, String... arguments) {
		return run(REDIS + "," + JDBC, listeners, arguments);
	}

	/**
	 * A secret volume in the directory holding the identity, trusting the PKI's root.
	 */
	static SecretVolume volume(Path directory, TestPki pki, String name, IssuedCertificate identity) {
		SecretVolume volume = new SecretVolume(directory.resolve("secret-" + name));
		volume.writeIdentity(identity, pki.root());
		return volume;
	}

	/**
	 * Wait until the application's material serves the identity.
	 */
	static void awaitIdentity(ConfigurableApplicationContext app, IssuedCertificate identity) {
		MtlsMaterial material = app.getBean(MtlsMaterial.class);
		BigInteger expected = identity.certificate().getSerialNumber();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> expected.equals(material.identity().certificate().getSerialNumber()));
	}

	private static ConfigurableApplicationContext run(String excluded, String... arguments) {
		return run(excluded, DataApplication.class, arguments);
	}

	private static ConfigurableApplicationContext run(String excluded, Class<?> source, String... arguments) {
		List<String> all = new ArrayList<>(
				List.of("--spring.main.banner-mode=off", "--spring.autoconfigure.exclude=" + excluded));
		all.addAll(List.of(arguments));
		return new SpringApplicationBuilder(DataApplication.class, source).web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

}
