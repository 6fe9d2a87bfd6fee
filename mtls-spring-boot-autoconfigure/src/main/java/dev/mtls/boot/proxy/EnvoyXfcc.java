package dev.mtls.boot.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits Envoy's {@code x-forwarded-client-cert} into elements of {@code Key=Value} pairs. Elements
 * are separated by {@code ,}, pairs by {@code ;}; a value in double quotes may contain both, and
 * {@code \"} inside quotes is a quote. Keys are case-insensitive and may repeat ({@code URI},
 * {@code DNS}); the first value of a key wins.
 *
 * @author mtls-spring-boot
 */
final class EnvoyXfcc {

	private EnvoyXfcc() {
	}

	/**
	 * The last element: the one the proxy nearest to the application added for the client it
	 * verified (Envoy appends with {@code APPEND_FORWARD} and leaves one with {@code SANITIZE_SET}).
	 * @param header the header value
	 * @return the element's pairs, keys in lower case
	 * @throws MalformedForwardedCertificateException if the value cannot be split
	 */
	static Map<String, String> lastElement(String header) {
		List<Map<String, String>> elements = elements(header);
		return elements.get(elements.size() - 1);
	}

	static List<Map<String, String>> elements(String header) {
		List<Map<String, String>> elements = new ArrayList<>();
		Map<String, String> element = new LinkedHashMap<>();
		StringBuilder token = new StringBuilder();
		String key = null;
		boolean quoted = false;
		for (int i = 0; i < header.length(); i++) {
			char c = header.charAt(i);
			if (quoted) {
				if (c == '\\' && i + 1 < header.length() && header.charAt(i + 1) == '"') {
					token.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					token.append(c);
				}
			}
			else if (c == '"') {
				if (key == null) {
					throw new MalformedForwardedCertificateException("quote before '=' in an XFCC key");
				}
				quoted = true;
			}
			else if (c == '=' && key == null) {
				key = token.toString().trim().toLowerCase(Locale.ROOT);
				if (key.isEmpty()) {
					throw new MalformedForwardedCertificateException("empty XFCC key");
				}
				token.setLength(0);
			}
			else if (c == ';' || c == ',') {
				pair(element, key, token);
				key = null;
				if (c == ',') {
					elements.add(element(element));
					element = new LinkedHashMap<>();
				}
			}
			else {
				token.append(c);
			}
		}
		if (quoted) {
			throw new MalformedForwardedCertificateException("unterminated quote in XFCC");
		}
		pair(element, key, token);
		elements.add(element(element));
		return elements;
	}

	private static void pair(Map<String, String> element, String key, StringBuilder token) {
		if (key == null) {
			if (!token.toString().isBlank()) {
				throw new MalformedForwardedCertificateException("XFCC pair without '='");
			}
		}
		else {
			element.putIfAbsent(key, token.toString().trim());
		}
		token.setLength(0);
	}

	private static Map<String, String> element(Map<String, String> element) {
		if (element.isEmpty()) {
			throw new MalformedForwardedCertificateException("empty XFCC element");
		}
		return element;
	}

}
