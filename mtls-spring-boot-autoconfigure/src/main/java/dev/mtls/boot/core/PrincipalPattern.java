package dev.mtls.boot.core;

import java.util.regex.Pattern;

import org.springframework.util.StringUtils;

/**
 * A principal pattern as {@code mtls.grants} and {@code mtls.authorization.rules} write them: an
 * exact principal, or a glob where {@code *} matches any characters except {@code /} and
 * {@code **} any characters. It matches a whole principal name, compiled once.
 *
 * @author mtls-spring-boot
 */
public final class PrincipalPattern {

	/**
	 * What a well-formed pattern looks like, for failure analyses.
	 */
	public static final String SYNTAX = "Use an exact principal or a glob: '*' matches any characters except '/', "
			+ "'**' matches any characters, e.g. spiffe://shop.example/ns/prod/sa/* or spiffe://shop.example/**.";

	private final String glob;

	private final Pattern pattern;

	private PrincipalPattern(String glob, Pattern pattern) {
		this.glob = glob;
		this.pattern = pattern;
	}

	/**
	 * Compile a pattern, failing startup if it is malformed.
	 * @param property the property that holds it, for the failure analysis
	 * @param glob the pattern
	 * @return the compiled pattern
	 */
	public static PrincipalPattern of(String property, String glob) {
		if (!isWellFormed(glob)) {
			throw ConfigurationProblem.of(property, (glob != null) ? glob : "",
					"the pattern is malformed (empty, contains whitespace, or has more than two '*' in a row).", SYNTAX);
		}
		return new PrincipalPattern(glob, compile(glob));
	}

	/**
	 * Whether a pattern is well-formed: not empty, without whitespace, at most two {@code *} in a row.
	 * @param glob the pattern
	 * @return whether {@link #of} accepts it
	 */
	public static boolean isWellFormed(String glob) {
		return StringUtils.hasText(glob) && !StringUtils.containsWhitespace(glob) && !glob.contains("***");
	}

	/**
	 * Whether the pattern matches the whole principal name.
	 * @param principal the name
	 * @return whether it matches
	 */
	public boolean matches(String principal) {
		return this.pattern.matcher(principal).matches();
	}

	@Override
	public String toString() {
		return this.glob;
	}

	private static Pattern compile(String glob) {
		StringBuilder regex = new StringBuilder();
		int literalStart = 0;
		for (int i = 0; i < glob.length(); i++) {
			if (glob.charAt(i) == '*') {
				regex.append(Pattern.quote(glob.substring(literalStart, i)));
				boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
				regex.append(doubleStar ? ".*" : "[^/]*");
				i += doubleStar ? 1 : 0;
				literalStart = i + 1;
			}
		}
		regex.append(Pattern.quote(glob.substring(literalStart)));
		return Pattern.compile(regex.toString(), Pattern.DOTALL);
	}

}
