package dev.mtls.boot.core;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalyzedException;

/**
 * Builds startup failures that name the property, its value, what is wrong and the fix; Spring
 * Boot prints them as a failure analysis instead of a stack trace.
 *
 * @author mtls-spring-boot
 */
public final class ConfigurationProblem {

	private ConfigurationProblem() {
	}

	/**
	 * Create a failure for a property whose value is wrong.
	 * @param property the property name, e.g. {@code mtls.identity.certificate}
	 * @param value the value (a location, never a secret)
	 * @param problem what is wrong, as a sentence
	 * @param action how to fix it, as a sentence
	 * @return the exception to throw
	 */
	public static FailureAnalyzedException of(String property, @Nullable Object value, String problem, String action) {
		return new FailureAnalyzedException("Invalid mTLS configuration: %s '%s': %s".formatted(property, value, problem),
				action);
	}

	/**
	 * Create a failure for a property whose value is wrong, keeping the underlying cause.
	 * @param property the property name
	 * @param value the value (a location, never a secret)
	 * @param problem what is wrong, as a sentence
	 * @param action how to fix it, as a sentence
	 * @param cause the underlying exception
	 * @return the exception to throw
	 */
	public static FailureAnalyzedException of(String property, @Nullable Object value, String problem, String action,
			Throwable cause) {
		return new FailureAnalyzedException("Invalid mTLS configuration: %s '%s': %s".formatted(property, value, problem),
				action, cause);
	}

	/**
	 * Create a failure for a setting that is missing or contradicts another one.
	 * @param problem what is wrong, naming the properties
	 * @param action how to fix it
	 * @return the exception to throw
	 */
	public static FailureAnalyzedException of(String problem, String action) {
		return new FailureAnalyzedException("Invalid mTLS configuration: " + problem, action);
	}

}
