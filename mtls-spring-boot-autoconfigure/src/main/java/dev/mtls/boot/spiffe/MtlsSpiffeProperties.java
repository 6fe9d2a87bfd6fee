package dev.mtls.boot.spiffe;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the SPIFFE Workload API as the source of identity and trust: a SPIRE agent (or
 * any Workload API server) pushes this workload's X.509-SVID and the trust bundles.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.identity.spiffe")
public class MtlsSpiffeProperties {

	/**
	 * Whether to take the identity and trust set from the SPIFFE Workload API.
	 */
	private boolean enabled;

	/**
	 * Address of the Workload API, such as 'unix:/run/spire/sockets/agent.sock'. When not set, the
	 * SPIFFE_ENDPOINT_SOCKET environment variable is used.
	 */
	private @Nullable String endpointSocket;

	/**
	 * How long startup waits for the first X.509-SVID before it fails.
	 */
	private Duration initialFetchTimeout = Duration.ofSeconds(30);

	/**
	 * Longest wait between attempts to reach the Workload API again after it was lost.
	 */
	private Duration maxReconnectDelay = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getEndpointSocket() {
		return this.endpointSocket;
	}

	public void setEndpointSocket(@Nullable String endpointSocket) {
		this.endpointSocket = endpointSocket;
	}

	public Duration getInitialFetchTimeout() {
		return this.initialFetchTimeout;
	}

	public void setInitialFetchTimeout(Duration initialFetchTimeout) {
		this.initialFetchTimeout = initialFetchTimeout;
	}

	public Duration getMaxReconnectDelay() {
		return this.maxReconnectDelay;
	}

	public void setMaxReconnectDelay(Duration maxReconnectDelay) {
		this.maxReconnectDelay = maxReconnectDelay;
	}

}
