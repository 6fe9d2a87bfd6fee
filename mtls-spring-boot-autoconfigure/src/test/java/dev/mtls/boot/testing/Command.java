package dev.mtls.boot.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (curl, openssl) that we did not write, with a bounded wait. A test
 * whose program (or, for {@code sh -c}, a tool its script runs) is not installed is skipped, see
 * {@link Tools}.
 *
 * @param exitCode the exit code
 * @param output standard output and error, merged
 */
public record Command(int exitCode, String output) {

	public static Command run(String... command) {
		Tools.requireFor(command);
		try {
			Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
			process.getOutputStream().close();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + String.join(" ", command));
			}
			return new Command(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to run " + command[0], ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
