package dev.mtls.boot.endpoint;

import java.nio.file.Path;
import java.util.Map;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.ReloadOutcome;
import dev.mtls.boot.health.MtlsHealthContributorAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mtls} endpoint: available when exposed (with the provider of the handshake's cryptography:
 * the JDK's here, where ACCP is not on the class path), backs off without Actuator; the
 * application's own health indicator wins over the starter's.
 */
class MtlsEndpointAutoConfigurationTests {

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsEndpointAutoConfiguration.class, MtlsHealthContributorAutoConfiguration.class))
			.withPropertyValues(new TestPki(directory).properties("app"));
	}

	@Test
	void describesMaterialAndReloadsWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=mtls").run((context) -> {
			MtlsEndpoint endpoint = context.getBean(MtlsEndpoint.class);
			assertThat(endpoint.mtls().identity()).singleElement()
				.satisfies((certificate) -> assertThat(certificate.sha256Fingerprint()).hasSize(64));
			assertThat(endpoint.mtls().principal()).isEqualTo("spiffe-id-or-cn");
			assertThat(endpoint.mtls().source()).containsEntry("name", "files").containsEntry("state", Map.of());
			assertThat(endpoint.mtls().proxy()).containsExactly(org.assertj.core.api.Assertions.entry("enabled", false));
			assertThat(endpoint.mtls().crypto()).containsEntry("provider", "auto")
				.extractingByKey("services")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsOnlyKeys("ECDSA", "ECDH", "XDH", "AES-GCM")
				.containsEntry("ECDSA", "SunEC " + System.getProperty("java.specification.version"));
			ReloadOutcome outcome = endpoint.reload();
			assertThat(outcome.success()).isTrue();
			assertThat(endpoint.mtls().reloads()).containsExactly(outcome);
		});
	}

	@Test
	void isNotAvailableUnlessExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(MtlsEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=mtls")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MtlsEndpoint.class));
	}

	@Test
	void applicationHealthIndicatorWins() {
		this.runner.withBean("mtlsHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context.getBean("mtlsHealthIndicator")).isNotInstanceOf(
					Class.forName("dev.mtls.boot.health.MtlsHealthIndicator")));
	}

}
