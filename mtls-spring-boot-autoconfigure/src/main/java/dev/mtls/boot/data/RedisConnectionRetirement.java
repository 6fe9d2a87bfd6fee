package dev.mtls.boot.data;

import dev.mtls.boot.core.MtlsMaterial;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Drops the shared Lettuce connection of every connection factory after a material update. Lettuce
 * builds a new SSL context for each connection it opens, so the next command's connection presents
 * the new identity; what has to go is the connection opened before the update.
 *
 * @author mtls-spring-boot
 */
final class RedisConnectionRetirement {

	private static final Log logger = LogFactory.getLog(RedisConnectionRetirement.class);

	RedisConnectionRetirement(MtlsMaterial material, ObjectProvider<LettuceConnectionFactory> factories) {
		material.addUpdateListener(() -> factories.orderedStream().forEach(RedisConnectionRetirement::retire));
	}

	private static void retire(LettuceConnectionFactory factory) {
		// Commands awaiting a reply on the shared connection fail, as on any reconnect.
		factory.resetConnection();
		logger.info("Shared Redis connection closed after the mTLS material update; the next command opens a new one");
	}

}
