package dev.mtls.boot.data;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.mtls.boot.core.MtlsMaterial;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Evicts the pooled connections of the data sources on the identity after a material update:
 * HikariCP closes idle connections at once and busy ones when they are returned, and opens new
 * ones, which present the new identity, to keep its minimum.
 *
 * @author mtls-spring-boot
 */
final class PostgresConnectionRetirement {

	private static final Log logger = LogFactory.getLog(PostgresConnectionRetirement.class);

	PostgresConnectionRetirement(MtlsMaterial material, ObjectProvider<HikariDataSource> dataSources) {
		material.addUpdateListener(() -> dataSources.orderedStream()
			.filter(PostgresDataSources::configured)
			.forEach(PostgresConnectionRetirement::retire));
	}

	private static void retire(HikariDataSource dataSource) {
		HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
		if (pool != null) {
			pool.softEvictConnections();
			logger.info("Connections of pool " + dataSource.getPoolName() + " evicted after the mTLS material "
					+ "update: idle ones now, busy ones when returned");
		}
	}

}
