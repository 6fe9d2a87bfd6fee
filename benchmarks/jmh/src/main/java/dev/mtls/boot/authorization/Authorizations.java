package dev.mtls.boot.authorization;

import java.time.Clock;

/**
 * The request authorization the auto-configuration makes, for benchmarks in other packages.
 */
public final class Authorizations {

	private Authorizations() {
	}

	/**
	 * The default: no rules, no anonymous policy.
	 * @return the authorization
	 */
	public static RequestAuthorization withoutRules() {
		return new RequestAuthorization(new MtlsAuthorizationProperties(), Clock.systemUTC());
	}

}
