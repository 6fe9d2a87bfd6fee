package dev.mtls.boot.reload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of reloading rotated identity and trust files without a restart.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.reload")
public class MtlsReloadProperties {

	/**
	 * Whether to watch file-based identity and trust locations and reload them when they change.
	 */
	private boolean enabled = true;

	/**
	 * How long the files must stay unchanged before a change is reloaded.
	 */
	private Duration quietPeriod = Duration.ofSeconds(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getQuietPeriod() {
		return this.quietPeriod;
	}

	public void setQuietPeriod(Duration quietPeriod) {
		this.quietPeriod = quietPeriod;
	}

}
