package dev.mtls.boot.security;

import java.util.Map;
import java.util.function.Predicate;

import dev.mtls.boot.authorization.RequestAuthorization;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Warns, once at startup, about each security filter chain that was built without the starter's
 * configurer while {@code mtls.authorization} has rules or {@code anonymous} set: requests it serves
 * are not decided by them, and nothing else would say so.
 *
 * @param <C> the chain type
 * @author mtls-spring-boot
 */
final class ChainsWithoutRules<C> {

	private static final Log logger = LogFactory.getLog(ChainsWithoutRules.class);

	private final RequestAuthorization authorization;

	private final Predicate<C> configured;

	private final String configurer;

	ChainsWithoutRules(RequestAuthorization authorization, Predicate<C> configured, String configurer) {
		this.authorization = authorization;
		this.configured = configured;
		this.configurer = configurer;
	}

	int warn(Map<String, C> chains) {
		if (!this.authorization.decides()) {
			return 0;
		}
		int warned = 0;
		for (Map.Entry<String, C> chain : chains.entrySet()) {
			if (!this.configured.test(chain.getValue())) {
				logger.warn(("Security filter chain '%s' was built without %s.configure(http): mtls.authorization rules "
						+ "and anonymous do not apply to the requests it serves. Call it when building the chain, unless the "
						+ "chain serves only the management port.").formatted(chain.getKey(), this.configurer));
				warned++;
			}
		}
		return warned;
	}

}
