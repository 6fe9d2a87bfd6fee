package dev.mtls.boot.spiffe;

import java.time.Duration;

import dev.mtls.boot.core.ConfigurationProblem;
import io.spiffe.exception.SocketEndpointAddressException;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.WorkloadApiClient;
import io.spiffe.workloadapi.retry.ExponentialBackoffPolicy;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Where the Workload API is and how to open a client to it. java-spiffe-core carries no gRPC
 * transport of its own (java-spiffe#347): a per-platform artifact provides it.
 *
 * @author mtls-spring-boot
 */
final class WorkloadApi {

	static final String PROPERTY = "mtls.identity.spiffe.endpoint-socket";

	private static final String TRANSPORT = "io.spiffe.workloadapi.internal.GrpcManagedChannelFactory";

	private final String address;

	private final @Nullable ClassLoader classLoader;

	WorkloadApi(@Nullable String configured, @Nullable String environment, @Nullable ClassLoader classLoader) {
		this.classLoader = classLoader;
		String address = StringUtils.hasText(configured) ? configured : environment;
		if (!StringUtils.hasText(address)) {
			throw ConfigurationProblem.of(
					"mtls.identity.spiffe.enabled is true but neither %s nor the SPIFFE_ENDPOINT_SOCKET environment variable names the Workload API."
						.formatted(PROPERTY),
					"Set %s to the SPIRE agent's socket, such as unix:/run/spire/sockets/agent.sock (in Kubernetes the path where the hostPath or SPIFFE CSI driver volume is mounted)."
						.formatted(PROPERTY));
		}
		this.address = address;
	}

	String address() {
		return this.address;
	}

	WorkloadApiClient connect() {
		if (!ClassUtils.isPresent(TRANSPORT, this.classLoader)) {
			throw ConfigurationProblem.of(PROPERTY, this.address,
					"java-spiffe-core has no gRPC transport to reach the Workload API.",
					"Add io.spiffe:grpc-netty-linux (Linux x86-64 and aarch64) in the version of java-spiffe-core; on "
							+ "macOS see docs/spiffe.md (io.spiffe:grpc-netty-macos-aarch64 is published up to 0.8.13 only).");
		}
		try {
			// One retry inside the client, then onError: losing the agent must be seen, not retried silently.
			ExponentialBackoffPolicy backoff = ExponentialBackoffPolicy.builder()
				.initialDelay(Duration.ofMillis(200))
				.maxRetries(1)
				.build();
			return DefaultWorkloadApiClient.newClient(DefaultWorkloadApiClient.ClientOptions.builder()
				.spiffeSocketPath(this.address)
				.exponentialBackoffPolicy(backoff)
				.build());
		}
		catch (SocketEndpointAddressException | IllegalArgumentException ex) {
			throw ConfigurationProblem.of(PROPERTY, this.address, "it is not a Workload API address (" + ex.getMessage() + ").",
					"Use unix:/path/to/agent.sock (or tcp://host:port); the SPIRE agent's default is unix:/tmp/spire-agent/public/api.sock.",
					ex);
		}
	}

}
