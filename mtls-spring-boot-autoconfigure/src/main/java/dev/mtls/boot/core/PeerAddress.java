package dev.mtls.boot.core;

import org.jspecify.annotations.Nullable;

/**
 * The address of the peer whose handshake the current thread is running, for servers whose
 * engines do not know it (the JDK gives trust managers no address). A server integration sets it
 * around handshake processing; the refusal log reads it.
 *
 * @author mtls-spring-boot
 */
public final class PeerAddress {

	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	private PeerAddress() {
	}

	/**
	 * Run an action with the given peer address as the current one.
	 * @param address the peer's address
	 * @param action what to run
	 * @throws Exception what the action throws
	 */
	public static void with(String address, ThrowingRunnable action) throws Exception {
		String previous = CURRENT.get();
		CURRENT.set(address);
		try {
			action.run();
		}
		finally {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		}
	}

	static @Nullable String current() {
		return CURRENT.get();
	}

	/**
	 * An action that may throw.
	 */
	@FunctionalInterface
	public interface ThrowingRunnable {

		/**
		 * Run.
		 * @throws Exception anything
		 */
		void run() throws Exception;

	}

}
