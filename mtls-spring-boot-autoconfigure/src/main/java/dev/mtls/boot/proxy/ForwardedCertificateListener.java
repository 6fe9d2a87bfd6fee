package dev.mtls.boot.proxy;

/**
 * Told what became of every request that carried a forwarded client certificate header, e.g. to
 * count outcomes.
 *
 * @author mtls-spring-boot
 */
@FunctionalInterface
public interface ForwardedCertificateListener {

	/**
	 * Called once per request with the header.
	 * @param outcome what became of it
	 */
	void forwarded(ForwardedOutcome outcome);

}
