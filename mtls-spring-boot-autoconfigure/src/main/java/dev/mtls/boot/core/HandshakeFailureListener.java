package dev.mtls.boot.core;

/**
 * Told about every refused peer (not rate-limited, unlike the log), e.g. to count them.
 *
 * @author mtls-spring-boot
 */
@FunctionalInterface
public interface HandshakeFailureListener {

	/**
	 * A peer was refused.
	 * @param side {@code server} when this service refused a client, {@code client} when it
	 * refused a server
	 * @param reason why
	 */
	void failed(String side, RefusalReason reason);

}
