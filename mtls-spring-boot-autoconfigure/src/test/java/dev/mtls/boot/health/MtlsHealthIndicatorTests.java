package dev.mtls.boot.health;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health status and details at chosen instants, with a fixed {@link Clock}.
 */
class MtlsHealthIndicatorTests {

	private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

	@TempDir
	Path directory;

	private ApplicationContextRunner runner;

	// Started while the identity is valid; each test then moves it.
	private final MutableClock clock = new MutableClock(ISSUED.plus(Duration.ofDays(1)));

	@BeforeEach
	void runner() {
		TestPki pki = new TestPki(this.directory);
		IssuedCertificate identity = new CertificateBuilder().subject("CN=app")
			.uri(TestPki.spiffeId("app"))
			.validity(ISSUED, ISSUED.plus(Duration.ofDays(90)))
			.issuedBy(pki.root())
			.issue();
		Path certificate = pki.write("app", identity);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsHealthContributorAutoConfiguration.class))
			.withBean(Clock.class, () -> this.clock)
			.withPropertyValues("mtls.identity.certificate=file:" + certificate,
					"mtls.identity.private-key=file:" + pki.key("app"),
					"mtls.trust.certificates=file:" + pki.writeCertificates("ca.crt", pki.root()));
	}

	@Test
	void upWithoutWarningsWhenNothingExpiresSoon() {
		Health health = healthAt(ISSUED.plus(Duration.ofDays(10)));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnlyKeys("identity", "trustAnchors", "lastReload", "revocation",
				"source");
		assertThat(detail(health, "source")).containsOnly(Map.entry("name", "files"));
		assertThat(detail(health, "lastReload")).containsOnly(Map.entry("outcome", "none"));
		assertThat(detail(health, "identity")).containsEntry("subject", "CN=app")
			.containsEntry("notAfter", ISSUED.plus(Duration.ofDays(90)).toString())
			.containsEntry("expiresIn", Duration.ofDays(80).toString())
			.containsEntry("sans", List.of("URI:" + TestPki.spiffeId("app")))
			.containsKeys("issuer", "serial", "notBefore");
		assertThat(detail(health, "trustAnchors")).containsEntry("count", 1).containsKey("soonestExpiry");
		assertThat(detail(health, "revocation")).containsEntry("mode", "none");
	}

	@Test
	void upWithWarningsInsideThreshold() {
		Health health = healthAt(ISSUED.plus(Duration.ofDays(80)));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat((List<?>) health.getDetails().get("warnings")).singleElement()
			.asString()
			.startsWith("identity certificate CN=app (serial ")
			.contains("expires in PT240H");
	}

	@Test
	void thresholdIsConfigurable() {
		this.runner = this.runner.withPropertyValues("mtls.health.expiry-warning-threshold=5d");
		assertThat(healthAt(ISSUED.plus(Duration.ofDays(80))).getDetails()).doesNotContainKey("warnings");
	}

	@Test
	void outOfServiceWhenExpired() {
		Health health = healthAt(ISSUED.plus(Duration.ofDays(91)));
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat((List<?>) health.getDetails().get("warnings")).first().asString().contains("expired since");
	}

	@Test
	void outOfServiceWhenNotYetValid() {
		Health health = healthAt(ISSUED.minus(Duration.ofDays(1)));
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat((List<?>) health.getDetails().get("warnings")).first().asString().contains("not valid before");
	}

	@Test
	void backsOffWithoutActuatorHealth() {
		this.runner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MtlsHealthIndicator.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("management.health.mtls.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsHealthIndicator.class));
	}

	@Test
	void backsOffForTheApplicationsOwnMtlsHealthIndicator() {
		HealthIndicator own = () -> Health.up().build();
		this.runner.withBean("mtlsHealthIndicator", HealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsHealthIndicator.class)
				.getBean("mtlsHealthIndicator")
				.isSameAs(own));
	}

	private Health healthAt(Instant now) {
		Health[] health = new Health[1];
		this.runner.run((context) -> {
			this.clock.set(now);
			health[0] = context.getBean(MtlsHealthIndicator.class).health(true);
		});
		return health[0];
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> detail(Health health, String key) {
		return (Map<String, Object>) health.getDetails().get(key);
	}

}
