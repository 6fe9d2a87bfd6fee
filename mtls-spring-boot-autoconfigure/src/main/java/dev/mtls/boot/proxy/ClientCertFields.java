package dev.mtls.boot.proxy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads RFC 9440's {@code Client-Cert} (an Item) and {@code Client-Cert-Chain} (a List) by the
 * structured field grammar of RFC 8941 (and RFC 9651, which keeps it), strictly and all or
 * nothing, into the bytes of their Byte Sequences ({@code :base64:}). Only what RFC 9440 allows
 * is read: every member must be a Byte Sequence, so inner lists and other bare items are refused,
 * and so are parameters ({@code ;key=value}), for which RFC 9440 defines none and no proxy sends
 * any. The Base64 is RFC 4648's standard alphabet; as RFC 8941 section 4.2.7 asks, missing
 * {@code =} padding and non-zero pad bits are accepted. Spaces are allowed where RFC 8941 allows
 * them: around the value, and spaces or tabs around a list's commas.
 *
 * @author mtls-spring-boot
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9440#section-2">RFC 9440 section 2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8941#section-4.2">RFC 8941 section 4.2</a>
 */
final class ClientCertFields {

	private final String field;

	private final String value;

	private int position;

	private ClientCertFields(String field, String value) {
		this.field = field;
		this.value = value;
	}

	/**
	 * Read a {@code Client-Cert} value: one Byte Sequence.
	 * @param value the header value
	 * @return the bytes, possibly empty
	 * @throws MalformedForwardedCertificateException if the value is not a Byte Sequence alone
	 */
	static byte[] clientCert(String value) {
		ClientCertFields parser = new ClientCertFields("Client-Cert", value);
		parser.skipSpaces();
		byte[] bytes = parser.byteSequence();
		parser.skipSpaces();
		parser.requireEnd();
		return bytes;
	}

	/**
	 * Read a {@code Client-Cert-Chain} value: a List of Byte Sequences, which may be empty.
	 * @param value the header value
	 * @param maxMembers the most members to read; more are refused before any is decoded
	 * @return each member's bytes, in header order
	 * @throws MalformedForwardedCertificateException if any member is not a Byte Sequence or the
	 * List is malformed
	 */
	static List<byte[]> clientCertChain(String value, int maxMembers) {
		ClientCertFields parser = new ClientCertFields("Client-Cert-Chain", value);
		List<byte[]> members = new ArrayList<>();
		parser.skipSpaces();
		while (!parser.atEnd()) {
			if (members.size() == maxMembers) {
				throw parser.malformed("more than " + maxMembers + " certificates");
			}
			members.add(parser.byteSequence());
			parser.skipWhitespace();
			if (parser.atEnd()) {
				break;
			}
			if (parser.next() != ',') {
				throw parser.malformed("members not separated by ','");
			}
			parser.skipWhitespace();
			if (parser.atEnd()) {
				throw parser.malformed("a ',' without a member after it");
			}
		}
		return members;
	}

	private byte[] byteSequence() {
		if (atEnd() || peek() != ':') {
			throw malformed((!atEnd() && peek() == '(') ? "an inner list, not a Byte Sequence"
					: "not a Byte Sequence (:base64:)");
		}
		this.position++;
		int end = this.value.indexOf(':', this.position);
		if (end < 0) {
			throw malformed("a Byte Sequence without its closing ':'");
		}
		String base64 = this.value.substring(this.position, end);
		for (int i = 0; i < base64.length(); i++) {
			if (!isBase64Character(base64.charAt(i))) {
				throw malformed("a character outside Base64 in a Byte Sequence");
			}
		}
		this.position = end + 1;
		if (!atEnd() && peek() == ';') {
			throw malformed("parameters, which RFC 9440 does not define");
		}
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("invalid Base64 in a Byte Sequence");
		}
	}

	private static boolean isBase64Character(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
				|| c == '=';
	}

	private void requireEnd() {
		if (!atEnd()) {
			throw malformed((peek() == ',') ? "more than one Byte Sequence" : "text after the Byte Sequence");
		}
	}

	// RFC 8941 section 4.2: SP around the whole value; OWS (SP or HTAB) around a List's commas.
	private void skipSpaces() {
		while (!atEnd() && peek() == ' ') {
			this.position++;
		}
	}

	private void skipWhitespace() {
		while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
			this.position++;
		}
	}

	private MalformedForwardedCertificateException malformed(String problem) {
		return new MalformedForwardedCertificateException(this.field + ": " + problem);
	}

	private boolean atEnd() {
		return this.position >= this.value.length();
	}

	private char peek() {
		return this.value.charAt(this.position);
	}

	private char next() {
		return this.value.charAt(this.position++);
	}

}
