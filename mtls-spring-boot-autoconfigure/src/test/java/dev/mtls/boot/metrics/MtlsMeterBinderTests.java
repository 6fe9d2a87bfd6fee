package dev.mtls.boot.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry gauges per certificate follow reloads without stale rows; reloads and failures are
 * counted; everything backs off without Micrometer.
 */
class MtlsMeterBinderTests {

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate first;

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner() {
		this.pki = new TestPki(this.directory);
		this.first = this.pki.server("app");
		Path certificate = this.pki.write("app", this.first);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("mtls.identity.certificate=file:" + certificate,
					"mtls.identity.private-key=file:" + this.pki.key("app"),
					"mtls.trust.certificates=file:" + this.pki.writeCertificates("ca.crt", this.pki.root()));
	}

	@Test
	void registersOneExpiryGaugePerCertificateAndReplacesThemOnReload() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(MtlsMeterBinder.class).bindTo(registry);
			assertThat(serials(registry, "identity")).containsExactly(serial(this.first));
			assertThat(serials(registry, "trust")).containsExactly(serial(this.pki.root()));
			assertThat(registry.get("mtls.certificate.expiry").tag("type", "identity").gauge().value()).isPositive();
			IssuedCertificate renewed = this.pki.server("app");
			this.pki.write("app", renewed);
			assertThat(context.getBean(MtlsMaterial.class).reload().success()).isTrue();
			assertThat(serials(registry, "identity")).containsExactly(serial(renewed));
			assertThat(registry.get("mtls.reloads").tag("outcome", "success").counter().count()).isOne();
			Files.writeString(this.pki.directory().resolve("app.crt"), "garbage");
			assertThat(context.getBean(MtlsMaterial.class).reload().success()).isFalse();
			assertThat(registry.get("mtls.reloads").tag("outcome", "failure").counter().count()).isOne();
			assertThat(serials(registry, "identity")).containsExactly(serial(renewed));
		});
	}

	@Test
	void registersFailureCountersForEveryReasonAndSide() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(MtlsMeterBinder.class).bindTo(registry);
			assertThat(registry.get("mtls.handshake.failures").counters()).hasSize(14)
				.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MtlsMeterBinder.class));
	}

	private static List<String> serials(MeterRegistry registry, String type) {
		return registry.find("mtls.certificate.expiry").tag("type", type).gauges().stream()
			.map((gauge) -> gauge.getId().getTag("serial"))
			.toList();
	}

	private static String serial(IssuedCertificate certificate) {
		return certificate.certificate().getSerialNumber().toString(16);
	}

}
