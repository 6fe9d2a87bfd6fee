package dev.mtls.boot.devca;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development CA steps in only when enabled and no identity is configured.
 */
class DevIdentityEnvironmentPostProcessorTests {

	private final DevIdentityEnvironmentPostProcessor processor = new DevIdentityEnvironmentPostProcessor(
			new DeferredLogs());

	@TempDir
	Path directory;

	@Test
	void pointsIdentityAndTrustAtIssuedFiles() {
		MockEnvironment environment = new MockEnvironment().withProperty("mtls.dev.enabled", "true")
			.withProperty("mtls.dev.directory", this.directory.toString())
			.withProperty("spring.application.name", "orders");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("mtls.identity.certificate"))
			.isEqualTo("file:" + this.directory.toAbsolutePath().resolve("orders.crt"));
		assertThat(environment.getProperty("mtls.identity.private-key"))
			.isEqualTo("file:" + this.directory.toAbsolutePath().resolve("orders.key"));
		assertThat(environment.getProperty("mtls.trust.certificates"))
			.isEqualTo("file:" + this.directory.toAbsolutePath().resolve("ca.crt"));
	}

	@Test
	void keepsConfiguredTrust() {
		MockEnvironment environment = new MockEnvironment().withProperty("mtls.dev.enabled", "true")
			.withProperty("mtls.dev.directory", this.directory.toString())
			.withProperty("mtls.trust.certificates", "file:/etc/tls/ca.crt");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("mtls.trust.certificates")).isEqualTo("file:/etc/tls/ca.crt");
		assertThat(environment.getProperty("mtls.identity.certificate")).endsWith("application.crt");
	}

	@Test
	void staysOutWhenIdentityIsConfigured() {
		MockEnvironment environment = new MockEnvironment().withProperty("mtls.dev.enabled", "true")
			.withProperty("mtls.dev.directory", this.directory.toString())
			.withProperty("mtls.identity.certificate", "file:/etc/tls/tls.crt");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("mtls.identity.certificate")).isEqualTo("file:/etc/tls/tls.crt");
		assertThat(Files.exists(this.directory.resolve("ca.crt"))).isFalse();
	}

	@Test
	void staysOutUnlessEnabled() {
		MockEnvironment environment = new MockEnvironment().withProperty("mtls.dev.directory",
				this.directory.toString());
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("mtls.identity.certificate")).isNull();
		assertThat(Files.exists(this.directory.resolve("ca.crt"))).isFalse();
	}

	@Test
	void curlHintNamesTheFilesAndThePort() {
		assertThat(new DevCurlHint(this.directory).line(8443)).isEqualTo("mTLS is on. Try: curl --cacert "
				+ this.directory.toAbsolutePath().resolve("ca.crt") + " --cert "
				+ this.directory.toAbsolutePath().resolve("client.crt") + " --key "
				+ this.directory.toAbsolutePath().resolve("client.key") + " https://localhost:8443/whoami");
	}

}
