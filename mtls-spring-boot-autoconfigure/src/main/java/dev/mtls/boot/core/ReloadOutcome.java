package dev.mtls.boot.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalyzedException;

/**
 * The result of one attempt to reload the identity and trust set.
 *
 * @param time when the attempt finished
 * @param error why the new material was refused (the previous material stayed in service), or
 * {@code null} when it was swapped in
 * @param serial hexadecimal serial of the identity certificate in service afterwards
 * @param unchanged whether the material read was identical to the one in service, so nothing was
 * swapped
 * @author mtls-spring-boot
 */
public record ReloadOutcome(Instant time, @Nullable String error, String serial, boolean unchanged) {

	/**
	 * Create the outcome of an attempt that swapped new material in or was refused.
	 * @param time when the attempt finished
	 * @param error why the new material was refused, or {@code null} when it was swapped in
	 * @param serial hexadecimal serial of the identity certificate in service afterwards
	 */
	public ReloadOutcome(Instant time, @Nullable String error, String serial) {
		this(time, error, serial, false);
	}

	static ReloadOutcome unchanged(Instant time, String serial) {
		return new ReloadOutcome(time, null, serial, true);
	}

	static ReloadOutcome refused(Instant time, RuntimeException failure, String serial) {
		// A configuration problem says what is wrong and how to fix it; the outcome keeps both.
		String error = (failure instanceof FailureAnalyzedException analyzed)
				? analyzed.getMessage() + " " + analyzed.analysis().getAction() : String.valueOf(failure.getMessage());
		return new ReloadOutcome(time, error, serial);
	}

	/**
	 * Return whether the attempt succeeded: new material was swapped in, or it was unchanged.
	 * @return {@code true} on success
	 */
	public boolean success() {
		return this.error == null;
	}

}
