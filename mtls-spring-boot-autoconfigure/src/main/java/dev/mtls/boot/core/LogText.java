package dev.mtls.boot.core;

import org.jspecify.annotations.Nullable;

/**
 * Makes text that a peer controls (certificate subjects and issuers, header values, addresses)
 * safe to write into a log line: control characters, line and paragraph separators and bidi
 * controls become Unicode escapes (backslash, u, four hex digits), and quotes and backslashes are
 * escaped, so a subject with a
 * newline or a quote cannot forge a log line or end a quoted field.
 *
 * @author mtls-spring-boot
 */
public final class LogText {

	private LogText() {
	}

	/**
	 * Escape a value for a log line.
	 * @param text the text, possibly {@code null}
	 * @return the escaped text, or {@code "null"}
	 */
	public static String escape(@Nullable String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String replacement = replacement(c);
			if (replacement != null && escaped == null) {
				escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (escaped != null) {
				escaped.append((replacement != null) ? replacement : String.valueOf(c));
			}
		}
		return (escaped != null) ? escaped.toString() : text;
	}

	private static @Nullable String replacement(char c) {
		if (c == '"' || c == '\\') {
			return "\\" + c;
		}
		int type = Character.getType(c);
		boolean unsafe = type == Character.CONTROL || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
		return unsafe ? "\\u%04x".formatted((int) c) : null;
	}

}
