package dev.mtls.boot.acme;

import java.nio.file.Path;

import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Session;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACME source is on only with a directory and acme4j, checks its settings before it orders
 * anything, and is one identity source among others, never two at once.
 */
class MtlsAcmeAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SslAutoConfiguration.class, MtlsAcmeAutoConfiguration.class, MtlsAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void isOffWithoutADirectory() {
		this.runner.withPropertyValues(new TestPki(this.directory).properties("svc"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdentitySource.class));
	}

	@Test
	void failsStartupNamingTheLibraryWhenAcme4jIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(Session.class))
			.withPropertyValues(new TestPki(this.directory).properties("svc"))
			.withPropertyValues("mtls.identity.acme.directory=https://ca.internal/dir")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mtls.identity.acme.directory 'https://ca.internal/dir': acme4j is not on the class path."));
	}

	@Test
	void bindsItsSettings() {
		this.runner.withPropertyValues("mtls.identity.acme.directory=https://ca.internal/dir",
				"mtls.identity.acme.domains=a.shop,b.shop", "mtls.identity.acme.renew-before=8h",
				"mtls.identity.acme.challenge=http-01", "mtls.enabled=false")
			.withUserConfiguration(PropertiesOnly.class)
			.run((context) -> {
				MtlsAcmeProperties properties = context.getBean(MtlsAcmeProperties.class);
				assertThat(properties.getDomains()).containsExactly("a.shop", "b.shop");
				assertThat(properties.getRenewBefore()).hasToString("8h");
				assertThat(properties.getChallenge()).isEqualTo(MtlsAcmeProperties.Challenge.HTTP_01);
			});
	}

	@Test
	void refusesARenewBeforeThatIsNeitherAShareNorADuration() {
		acme("mtls.identity.acme.renew-before=150%").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("'150%' is neither a share of the certificate's lifetime from 1% to 99%"));
	}

	@Test
	void refusesAPortOutOfRange() {
		acme("mtls.identity.acme.tls-port=70000").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessage("Invalid mTLS configuration: mtls.identity.acme.tls-port '70000': it is not a port number."));
	}

	@Test
	void refusesAContactThatIsNotAUri() {
		acme("mtls.identity.acme.contact=ops@example.com").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessage("Invalid mTLS configuration: mtls.identity.acme.contact 'ops@example.com': it is not a URI."));
	}

	@Test
	void refusesAnOrderWithoutDomains() {
		this.runner.withPropertyValues("mtls.identity.acme.directory=https://ca.internal/dir")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Invalid mTLS configuration: mtls.identity.acme.domains '[]': no domain is configured."));
	}

	@Test
	void refusesFilesAndAcmeTogetherNamingBoth() {
		acme().withPropertyValues(new TestPki(this.directory).properties("svc"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("mtls.identity.certificate and mtls.identity.acme"));
	}

	private ApplicationContextRunner acme(String... properties) {
		return this.runner
			.withPropertyValues("mtls.identity.acme.directory=https://ca.internal/dir", "mtls.identity.acme.domains=a.shop",
					"mtls.identity.acme.storage=" + this.directory.resolve("acme"))
			.withPropertyValues(properties);
	}

	@EnableConfigurationProperties(MtlsAcmeProperties.class)
	static class PropertiesOnly {

	}

}
