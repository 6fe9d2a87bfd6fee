package dev.mtls.boot.core;

import java.util.Map;

/**
 * Where identity and trust come from when they are not files or an SSL bundle: an issuer that pushes
 * them (a SPIFFE Workload API) or one the application renews from (an ACME CA).
 * <p>
 * At most one is configured. At startup the material takes {@link #current()} (which waits for the
 * first material or fails naming what is missing); afterwards every {@link #onChange change} goes
 * through the same validated swap as a rotated file: refused material keeps the material in service
 * and is reported.
 *
 * @author mtls-spring-boot
 */
public interface IdentitySource {

	/**
	 * Return the source's name for health, {@code /actuator/mtls}, logs and the doctor.
	 * @return a short lower-case name, such as {@code spiffe} or {@code acme}
	 */
	String name();

	/**
	 * Return the identity and trust to serve now, waiting for the first ones at startup.
	 * @return the material
	 * @throws RuntimeException (preferably a failure-analyzed one) if there is none
	 */
	Material current();

	/**
	 * Register what to run when the source has new material.
	 * @param listener run after each change, on the source's own thread
	 */
	void onChange(Runnable listener);

	/**
	 * Return what the source last did, for health and the endpoint: fixed keys such as
	 * {@code lastUpdate}, {@code nextRenewal} and {@code error}.
	 * @return the state, never {@code null}
	 */
	Map<String, Object> state();

}
