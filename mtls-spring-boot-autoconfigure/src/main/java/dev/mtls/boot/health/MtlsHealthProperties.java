package dev.mtls.boot.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code mtls} health indicator.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.health")
public class MtlsHealthProperties {

	/**
	 * How soon before a certificate (identity chain or trust anchor) expires the indicator adds a
	 * warning.
	 */
	private Duration expiryWarningThreshold = Duration.ofDays(14);

	public Duration getExpiryWarningThreshold() {
		return this.expiryWarningThreshold;
	}

	public void setExpiryWarningThreshold(Duration expiryWarningThreshold) {
		this.expiryWarningThreshold = expiryWarningThreshold;
	}

}
