package dev.mtls.boot.core;

import java.time.Instant;

/**
 * The result of one attempt to reload the identity and trust set.
 *
 * @param time when the attempt finished
 * @param error why the new material was refused (the previous material stayed in service), or
 * {@code null} when it was swapped in
 * @param serial hexadecimal serial of the identity certificate in service afterwards
 * @author mtls-spring-boot
 */
public record ReloadOutcome(Instant time, String error, String serial) {

	/**
	 * Return whether the new material was swapped in.
	 * @return {@code true} on success
	 */
	public boolean success() {
		return this.error == null;
	}

}
