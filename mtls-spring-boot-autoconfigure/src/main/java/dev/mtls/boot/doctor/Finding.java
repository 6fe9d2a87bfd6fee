package dev.mtls.boot.doctor;

import org.jspecify.annotations.Nullable;

/**
 * One thing the doctor found.
 * <p>Public for the doctor command of mtls-spring-boot-tools, not API.
 *
 * @param severity how bad
 * @param topic what it is about: {@code identity}, {@code trust} or the URL
 * @param message what was found, in plain words
 * @param fix what to do, or {@code null} when nothing is needed
 * @author mtls-spring-boot
 */
public record Finding(Severity severity, String topic, String message, @Nullable String fix) {

	public static Finding ok(String topic, String message) {
		return new Finding(Severity.OK, topic, message, null);
	}

	public static Finding info(String topic, String message) {
		return new Finding(Severity.INFO, topic, message, null);
	}

	public static Finding warning(String topic, String message, String fix) {
		return new Finding(Severity.WARNING, topic, message, fix);
	}

	public static Finding error(String topic, String message, @Nullable String fix) {
		return new Finding(Severity.ERROR, topic, message, fix);
	}

	/**
	 * How bad a finding is.
	 */
	public enum Severity {

		OK, INFO, WARNING, ERROR

	}

}
