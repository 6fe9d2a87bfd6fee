package dev.mtls.boot.proxy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * RFC 9440's structured fields, byte for byte: the Byte Sequence cases of the HTTP working group's
 * structured-field-tests ({@code binary.json}, {@code list.json}), and what RFC 9440 leaves out of
 * RFC 8941's grammar (parameters, inner lists, other items).
 */
class ClientCertFieldsTests {

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
			// binary.json: "basic binary", "empty binary", "non-ASCII binary"
			":aGVsbG8=:  | hello", "::  | ''", ":/+Ah: | \u00ff\u00e0!",
			// can_fail in binary.json; RFC 8941 4.2.7: parsers SHOULD NOT fail on missing padding or pad bits
			":aGVsbG8: | hello", ":iZ==: | \u0089",
			// SP around the field value (RFC 8941 4.2, steps 2 and 7)
			"'  :aGVsbG8=:  ' | hello" })
	void clientCertIsOneByteSequence(String value, String bytes) {
		assertThat(ClientCertFields.clientCert(value)).isEqualTo(bytes.getBytes(StandardCharsets.ISO_8859_1));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
			// binary.json must_fail: "bad end delimiter", "extra whitespace", "extra chars", "suffix chars", "base64url"
			":aGVsbG8= | a Byte Sequence without its closing ':'",
			":aGVsb G8=: | a character outside Base64 in a Byte Sequence",
			":aGVsbG!8=: | a character outside Base64 in a Byte Sequence",
			":aGVsbG8=!: | a character outside Base64 in a Byte Sequence",
			":_-Ah: | a character outside Base64 in a Byte Sequence",
			// padding in the wrong place or of the wrong length, and a lone sextet
			":ab=c: | invalid Base64 in a Byte Sequence", ":aGVsbG8==: | invalid Base64 in a Byte Sequence",
			":ab=: | invalid Base64 in a Byte Sequence", ":a: | invalid Base64 in a Byte Sequence",
			// not a Byte Sequence: a bare Base64 (der-base64), a token, a string, an inner list, nothing
			"aGVsbG8= | not a Byte Sequence (:base64:)", "\"aGVsbG8=\" | not a Byte Sequence (:base64:)",
			"(:aGVsbG8=:) | an inner list, not a Byte Sequence", "'' | not a Byte Sequence (:base64:)",
			// RFC 9440 defines no parameters; an Item is not a List; nothing may follow it
			":aGVsbG8=:;a=1 | parameters, which RFC 9440 does not define",
			":aGVsbG8=:;a | parameters, which RFC 9440 does not define",
			":aGVsbG8=:, :aGVsbG8=: | more than one Byte Sequence", ":aGVsbG8=:x | text after the Byte Sequence",
			// only SP around a field value, not a tab (RFC 8941 4.2), and nothing outside ASCII
			"'\t:aGVsbG8=:' | not a Byte Sequence (:base64:)", "':aGVsbG8=:\t' | text after the Byte Sequence",
			":aGVsbG8\u00e9: | a character outside Base64 in a Byte Sequence" })
	void clientCertRefusesAnythingElse(String value, String problem) {
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ClientCertFields.clientCert(value))
			.withMessage("Client-Cert: " + problem);
	}

	@Test
	void clientCertChainIsAListOfByteSequences() {
		assertThat(ClientCertFields.clientCertChain(":aGVsbG8=:, :d29ybGQ=:", 9)).map(String::new)
			.containsExactly("hello", "world");
		// list.json: "no whitespace list", "extra whitespace list" (OWS: spaces or tabs around commas)
		assertThat(ClientCertFields.clientCertChain(":aGVsbG8=:,:d29ybGQ=:", 9)).hasSize(2);
		assertThat(ClientCertFields.clientCertChain(" :aGVsbG8=: \t,\t :d29ybGQ=:  ", 9)).hasSize(2);
		assertThat(ClientCertFields.clientCertChain(":aGVsbG8=:", 9)).map(String::new).containsExactly("hello");
	}

	@Test
	void anEmptyClientCertChainIsAnEmptyList() {
		// list.json "empty list": an empty List is valid, unlike an empty Item.
		assertThat(ClientCertFields.clientCertChain("", 9)).isEmpty();
		assertThat(ClientCertFields.clientCertChain("   ", 9)).isEmpty();
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
			// list.json must_fail: "trailing comma list", "empty item list"
			":aGVsbG8=:, | a ',' without a member after it", ":aGVsbG8=:,,:d29ybGQ=: | not a Byte Sequence (:base64:)",
			"',:aGVsbG8=:' | not a Byte Sequence (:base64:)",
			":aGVsbG8=: :d29ybGQ=: | members not separated by ','",
			":aGVsbG8=:; :d29ybGQ=: | parameters, which RFC 9440 does not define",
			":aGVsbG8=:, (:d29ybGQ=:) | an inner list, not a Byte Sequence",
			":aGVsbG8=:, 42 | not a Byte Sequence (:base64:)",
			":aGVsbG8=:;a=1, :d29ybGQ=: | parameters, which RFC 9440 does not define",
			":aGVsbG8=:, :d29ybGQ=:;a | parameters, which RFC 9440 does not define",
			":aGVsbG8=:, :d29ybG!Q=: | a character outside Base64 in a Byte Sequence",
			":aGVsbG8=:, :d29ybGQ= | a Byte Sequence without its closing ':'",
			"'\t:aGVsbG8=:' | not a Byte Sequence (:base64:)" })
	void clientCertChainRefusesTheWholeListForOneBadMember(String value, String problem) {
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ClientCertFields.clientCertChain(value, 9))
			.withMessage("Client-Cert-Chain: " + problem);
	}

	@Test
	void clientCertChainStopsBeforeDecodingOneMemberTooMany() {
		String three = ":aGVsbG8=:, :aGVsbG8=:, :aGVsbG8=:";
		assertThat(ClientCertFields.clientCertChain(three, 3)).hasSize(3);
		// The member after the limit is refused unread, even when it is not Base64.
		assertThatExceptionOfType(MalformedForwardedCertificateException.class)
			.isThrownBy(() -> ClientCertFields.clientCertChain(three + ", :!!!:", 3))
			.withMessage("Client-Cert-Chain: more than 3 certificates");
	}

}
