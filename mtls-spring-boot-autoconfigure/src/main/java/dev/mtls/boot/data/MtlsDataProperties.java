package dev.mtls.boot.data;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the data clients that present the identity.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.data")
public class MtlsDataProperties {

	private final Redis redis = new Redis();


	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * Redis through Lettuce, with spring.data.redis.ssl.bundle=mtls.
	 */
	public static class Redis {

		/**
		 * Whether every LettuceConnectionFactory drops its shared connection after an update of the
		 * identity or trust set, so that the next command opens a connection that presents the new
		 * identity.
		 */
		private boolean retireOnUpdate = true;

		public boolean isRetireOnUpdate() {
			return this.retireOnUpdate;
		}

		public void setRetireOnUpdate(boolean retireOnUpdate) {
			this.retireOnUpdate = retireOnUpdate;
		}

	}

}
