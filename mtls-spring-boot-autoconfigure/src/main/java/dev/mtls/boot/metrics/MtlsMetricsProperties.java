package dev.mtls.boot.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the starter's Micrometer metrics.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.metrics")
public class MtlsMetricsProperties {

	/**
	 * Whether mtls.authentications carries a 'peer' tag with the principal; each distinct peer
	 * becomes its own time series.
	 */
	private boolean peerTags;

	public boolean isPeerTags() {
		return this.peerTags;
	}

	public void setPeerTags(boolean peerTags) {
		this.peerTags = peerTags;
	}

}
