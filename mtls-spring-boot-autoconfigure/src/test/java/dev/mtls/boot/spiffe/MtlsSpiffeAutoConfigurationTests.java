package dev.mtls.boot.spiffe;

import java.nio.file.Path;

import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import io.spiffe.workloadapi.WorkloadApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SPIFFE source is configured only when enabled, and every way it cannot start says why.
 */
class MtlsSpiffeAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(SslAutoConfiguration.class, MtlsSpiffeAutoConfiguration.class, MtlsAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void backsOffUnlessEnabled() {
		this.runner.withPropertyValues(new TestPki(this.directory).properties("server"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdentitySource.class));
	}

	@Test
	void backsOffWhenMutualTlsIsOff() {
		this.runner.withPropertyValues("mtls.enabled=false", "mtls.identity.spiffe.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdentitySource.class));
	}

	@Test
	void failsStartupNamingTheSocketWhenNoSvidArrivesInTime() {
		String socket = "unix:" + this.directory.resolve("agent.sock");
		this.runner
			.withPropertyValues("mtls.identity.spiffe.enabled=true", "mtls.identity.spiffe.endpoint-socket=" + socket,
					"mtls.identity.spiffe.initial-fetch-timeout=300ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(FailureAnalyzedException.class)
				.hasMessageContaining("mtls.identity.spiffe.endpoint-socket '" + socket
						+ "': no X.509-SVID arrived from the SPIFFE Workload API within PT0.3S"));
	}

	@Test
	void acceptsTheTripleSlashFormOfAUnixAddress() {
		String socket = "unix://" + this.directory.resolve("agent.sock");
		this.runner
			.withPropertyValues("mtls.identity.spiffe.enabled=true", "mtls.identity.spiffe.endpoint-socket=" + socket,
					"mtls.identity.spiffe.initial-fetch-timeout=100ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'" + socket + "': no X.509-SVID arrived"));
	}

	@Test
	void refusesAnAddressThatIsNotAWorkloadApiAddress() {
		this.runner
			.withPropertyValues("mtls.identity.spiffe.enabled=true",
					"mtls.identity.spiffe.endpoint-socket=/run/spire/agent.sock")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("mtls.identity.spiffe.endpoint-socket '/run/spire/agent.sock': it is not a "
						+ "Workload API address (Workload endpoint socket URI must have a tcp:// or unix:// scheme"));
	}

	@Test
	void takesTheSocketFromSpiffeEndpointSocket() {
		String socket = "unix:" + this.directory.resolve("from-env.sock");
		this.runner
			.withPropertyValues("mtls.identity.spiffe.enabled=true", "SPIFFE_ENDPOINT_SOCKET=" + socket,
					"mtls.identity.spiffe.initial-fetch-timeout=100ms")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("'" + socket + "'"));
	}

	@Test
	void failsStartupWhenNoSocketIsNamed() {
		this.runner.withPropertyValues("mtls.identity.spiffe.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("neither mtls.identity.spiffe.endpoint-socket nor the SPIFFE_ENDPOINT_SOCKET"));
	}

	@Test
	void failsStartupWhenJavaSpiffeIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(WorkloadApiClient.class))
			.withPropertyValues("mtls.identity.spiffe.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(FailureAnalyzedException.class)
				.hasMessageContaining("java-spiffe-core is not on the class path"));
	}

	@Test
	void failsStartupWhenTheGrpcTransportIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader("io.spiffe.workloadapi.internal.GrpcManagedChannelFactory"))
			.withPropertyValues("mtls.identity.spiffe.enabled=true",
					"mtls.identity.spiffe.endpoint-socket=unix:/run/spire/agent.sock")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("java-spiffe-core has no gRPC transport to reach the Workload API")
				.isInstanceOf(FailureAnalyzedException.class));
	}

	@Test
	void failsStartupWhenFilesAreConfiguredToo() {
		this.runner.withPropertyValues(new TestPki(this.directory).properties("server"))
			.withPropertyValues("mtls.identity.spiffe.enabled=true",
					"mtls.identity.spiffe.endpoint-socket=unix:/nowhere.sock")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"identity is configured in more than one place: mtls.identity.certificate and mtls.identity.spiffe"));
	}

}
