package dev.mtls.boot.acme;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * When to renew a certificate: a share of its lifetime before it expires ({@code 33%}) or a fixed
 * time before it expires ({@code 8h}). Bound from {@code mtls.identity.acme.renew-before}.
 *
 * @author mtls-spring-boot
 */
public final class RenewBefore {

	static final RenewBefore DEFAULT = new RenewBefore(33, null, "33%");

	private final int percent;

	private final @Nullable Duration duration;

	private final String text;

	private RenewBefore(int percent, @Nullable Duration duration, String text) {
		this.percent = percent;
		this.duration = duration;
		this.text = text;
	}

	/**
	 * Parse {@code 1%} to {@code 99%}, or a positive duration ({@code 8h}, {@code PT8H}).
	 * @param text the property value
	 * @return the value
	 * @throws IllegalArgumentException naming what is accepted
	 */
	public static RenewBefore valueOf(String text) {
		String value = text.strip();
		if (value.endsWith("%")) {
			int percent;
			try {
				percent = Integer.parseInt(value.substring(0, value.length() - 1).strip());
			}
			catch (NumberFormatException ex) {
				throw invalid(text);
			}
			if (percent < 1 || percent > 99) {
				throw invalid(text);
			}
			return new RenewBefore(percent, null, value);
		}
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw invalid(text);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw invalid(text);
		}
		return new RenewBefore(0, duration, value);
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("'" + text + "' is neither a share of the certificate's lifetime "
				+ "from 1% to 99% (such as 33%) nor a positive duration (such as 8h)");
	}

	/**
	 * Return when a certificate valid from {@code notBefore} to {@code notAfter} is due for renewal.
	 * A duration at least as long as the lifetime would renew all the time: as cert-manager does,
	 * such a certificate is renewed when a third of its lifetime remains instead.
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @return when to renew
	 */
	Instant renewalTime(Instant notBefore, Instant notAfter) {
		Duration lifetime = Duration.between(notBefore, notAfter);
		Duration before = (this.duration != null) ? this.duration : lifetime.multipliedBy(this.percent).dividedBy(100);
		if (before.compareTo(lifetime) >= 0) {
			before = lifetime.dividedBy(3);
		}
		return notAfter.minus(before);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RenewBefore that && this.text.equals(that.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	@Override
	public String toString() {
		return this.text;
	}

}
