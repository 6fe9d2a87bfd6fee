package dev.mtls.boot.tools.doctor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.mtls.boot.tools.MtlsTools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor's own command line: its help, and one line with exit code 1 for a mistake in its
 * options, before any check runs. The checks are in {@link DoctorIntegrationTests}.
 */
class DoctorTests {

	@Test
	void helpPrintsTheOptions() {
		Run run = doctor("--help");
		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).startsWith("The mTLS doctor").contains("--url=", "--peer=", "--forwarded=", "--request=", "--json");
	}

	@Test
	void aUrlWithoutValueIsRefusedWithAnExample() {
		assertRefused(doctor("--url"), "error: --url needs a value, e.g. --url=https://inventory:8443");
	}

	@Test
	void aUrlWithoutSchemeIsRefused() {
		assertRefused(doctor("--url=inventory:8443"),
				"error: --url=inventory:8443 is not an https URL with a host; write e.g. --url=https://inventory:8443");
	}

	@Test
	void aPeerGivenTwiceIsRefused() {
		assertRefused(doctor("--peer=a.crt", "--peer=b.crt"), "error: --peer is given twice; give it once");
	}

	@Test
	void aRequestWithoutAPeerIsRefused() {
		assertRefused(doctor("--request=POST /orders"),
				"error: --request asks about a peer: add --peer=client.crt or --forwarded=<header value>");
	}

	@Test
	void aRequestThatIsNotAMethodAndAPathIsRefused() {
		assertRefused(doctor("--peer=a.crt", "--request=orders"),
				"error: --request=orders is not a method and a path; write e.g. --request=\"POST /orders/42\"");
	}

	private static void assertRefused(Run run, String message) {
		assertThat(run.exitCode()).isOne();
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo(message + System.lineSeparator());
	}

	private static Run doctor(String... args) {
		String[] command = new String[args.length + 1];
		command[0] = "doctor";
		System.arraycopy(args, 0, command, 1, args.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode = MtlsTools.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String out, String err) {

	}

}
