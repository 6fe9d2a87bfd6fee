package dev.mtls.boot.tools.devca;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.mtls.boot.tools.MtlsTools;

/**
 * One run of the tools ({@link MtlsTools}, e.g. a {@link DevCertificates} command) with what it printed.
 *
 * @param exitCode the exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record DevCertificatesRun(int exitCode, String out, String err) {

	static DevCertificatesRun of(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode = MtlsTools.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new DevCertificatesRun(exitCode, out.toString(StandardCharsets.UTF_8),
				err.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Return the value printed after a label or a property name, e.g. {@code password} or
	 * {@code mtls.identity.keystore.password=}.
	 */
	String printed(String property) {
		return this.out.lines()
			.map(String::strip)
			.filter((line) -> line.startsWith(property))
			.map((line) -> line.substring(property.length()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + property + " in:\n" + this.out));
	}

}
