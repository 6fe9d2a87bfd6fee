package dev.mtls.boot.data;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the data clients that present the identity: Redis, PostgreSQL and Kafka.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.data")
public class MtlsDataProperties {

	private final Redis redis = new Redis();

	private final Postgresql postgresql = new Postgresql();

	private final Kafka kafka = new Kafka();


	public Redis getRedis() {
		return this.redis;
	}

	public Postgresql getPostgresql() {
		return this.postgresql;
	}

	public Kafka getKafka() {
		return this.kafka;
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

	/**
	 * PostgreSQL through its JDBC driver and HikariCP.
	 */
	public static class Postgresql {

		/**
		 * Whether HikariCP data sources with a 'jdbc:postgresql:' URL present the identity and verify
		 * the server against the trust set, host name included (sslmode=verify-full unless the URL
		 * sets another mode).
		 */
		private boolean enabled;

		/**
		 * Whether those data sources evict their pooled connections after an update of the identity
		 * or trust set: idle ones at once, busy ones when they are returned to the pool.
		 */
		private boolean retireOnUpdate = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isRetireOnUpdate() {
			return this.retireOnUpdate;
		}

		public void setRetireOnUpdate(boolean retireOnUpdate) {
			this.retireOnUpdate = retireOnUpdate;
		}

	}

	/**
	 * Kafka through Spring for Apache Kafka, with spring.kafka.ssl.bundle=mtls.
	 */
	public static class Kafka {

		/**
		 * Whether, after an update of the identity or trust set, producer factories on the mtls
		 * bundle close their producers (the next send opens new connections) and running listener
		 * containers are stopped and started again (their consumers reconnect, rejoining the group).
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
