package dev.mtls.boot.attacks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.TestPki;

/**
 * curl with whatever options a probe needs (HTTP/2, raw header lines), answering "status body".
 */
final class RawCurl {

	private RawCurl() {
	}

	static String request(TestPki pki, String as, String from, String url, String... options) {
		Path ca = pki.writeCertificates("raw-curl-ca.crt", pki.root());
		List<String> command = new ArrayList<>(
				List.of("curl", "-sS", "--max-time", "10", "--cacert", ca.toString(), "-w", " %{http_code}"));
		if (as != null) {
			command.addAll(List.of("--cert", pki.directory().resolve(as + ".crt").toString(), "--key",
					pki.directory().resolve(as + ".key").toString()));
		}
		if (from != null) {
			command.addAll(List.of("--interface", from));
		}
		command.addAll(List.of(options));
		command.add(url);
		String output = Command.run(command.toArray(String[]::new)).output().strip();
		int space = output.lastIndexOf(' ');
		return output.substring(space + 1) + " " + output.substring(0, Math.max(space, 0)).strip();
	}

}
