package dev.mtls.boot.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Splits Envoy's {@code x-forwarded-client-cert} into elements of {@code Key=Value} pairs, strictly
 * and all or nothing: elements are separated by {@code ,}, pairs by {@code ;}; a value in double
 * quotes may contain both, and {@code \"} (or {@code \\}) inside quotes is a quote (or a
 * backslash). A closing quote must be followed by {@code ;}, {@code ,} or the end, so a caller
 * cannot open a quote in its own prefix and swallow the element a proxy appends behind it. Keys
 * are case-insensitive; only {@code By}, {@code URI} and {@code DNS} may repeat within an element
 * (Envoy writes one per SAN).
 *
 * @author mtls-spring-boot
 * @see <a href=
 * "https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers#x-forwarded-client-cert">Envoy:
 * x-forwarded-client-cert</a>
 */
final class EnvoyXfcc {

	private static final Set<String> REPEATABLE = Set.of("by", "uri", "dns");

	private final String header;

	private int position;

	private EnvoyXfcc(String header) {
		this.header = header;
	}

	/**
	 * The last element: the one the proxy nearest to the application added for the client it
	 * verified (Envoy appends with {@code APPEND_FORWARD} and leaves one with {@code SANITIZE_SET}).
	 * @param header the header value
	 * @return the element's pairs, keys in lower case, values in header order
	 * @throws MalformedForwardedCertificateException if any element of the value is malformed
	 */
	static Map<String, List<String>> lastElement(String header) {
		List<Map<String, List<String>>> elements = elements(header);
		return elements.get(elements.size() - 1);
	}

	static List<Map<String, List<String>>> elements(String header) {
		EnvoyXfcc parser = new EnvoyXfcc(header);
		List<Map<String, List<String>>> elements = new ArrayList<>();
		do {
			elements.add(parser.element());
		}
		while (parser.consume(','));
		return elements;
	}

	private Map<String, List<String>> element() {
		skipSpaces();
		if (atEnd() || peek() == ',') {
			throw new MalformedForwardedCertificateException("empty XFCC element");
		}
		Map<String, List<String>> pairs = new LinkedHashMap<>();
		do {
			skipSpaces();
			String key = key();
			String value = (!atEnd() && peek() == '"') ? quoted() : unquoted();
			skipSpaces();
			if (!atEnd() && peek() != ';' && peek() != ',') {
				throw new MalformedForwardedCertificateException("text after a quoted XFCC value");
			}
			List<String> values = pairs.computeIfAbsent(key, (name) -> new ArrayList<>());
			if (!values.isEmpty() && !REPEATABLE.contains(key)) {
				throw new MalformedForwardedCertificateException("XFCC key " + key + " twice in one element");
			}
			values.add(value);
		}
		while (consume(';'));
		return pairs;
	}

	private String key() {
		int start = this.position;
		while (!atEnd() && isKeyCharacter(peek())) {
			this.position++;
		}
		if (atEnd() || peek() != '=') {
			throw new MalformedForwardedCertificateException("XFCC pair without 'key='");
		}
		if (this.position == start) {
			throw new MalformedForwardedCertificateException("empty XFCC key");
		}
		String key = this.header.substring(start, this.position).toLowerCase(Locale.ROOT);
		this.position++;
		return key;
	}

	private String quoted() {
		StringBuilder value = new StringBuilder();
		this.position++;
		while (!atEnd()) {
			char c = next();
			if (c == '"') {
				return value.toString();
			}
			if (c == '\\') {
				if (atEnd()) {
					break;
				}
				char escaped = next();
				// Envoy quotes the RFC 2253 subject as it is: keep its other escapes (\, \+ \;) verbatim.
				if (escaped != '"' && escaped != '\\') {
					value.append('\\');
				}
				value.append(checked(escaped));
			}
			else {
				value.append(checked(c));
			}
		}
		throw new MalformedForwardedCertificateException("unterminated quote in XFCC");
	}

	private String unquoted() {
		int start = this.position;
		while (!atEnd() && peek() != ';' && peek() != ',') {
			char c = checked(next());
			if (c == '"') {
				throw new MalformedForwardedCertificateException("quote inside an unquoted XFCC value");
			}
			if (c == '\\') {
				throw new MalformedForwardedCertificateException("backslash outside quotes in XFCC");
			}
		}
		return this.header.substring(start, this.position).strip();
	}

	private static boolean isKeyCharacter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

	private static char checked(char c) {
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			throw new MalformedForwardedCertificateException("control character in XFCC");
		}
		return c;
	}

	private boolean consume(char c) {
		if (!atEnd() && peek() == c) {
			this.position++;
			return true;
		}
		return false;
	}

	private void skipSpaces() {
		while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
			this.position++;
		}
	}

	private boolean atEnd() {
		return this.position >= this.header.length();
	}

	private char peek() {
		return this.header.charAt(this.position);
	}

	private char next() {
		return this.header.charAt(this.position++);
	}

}
