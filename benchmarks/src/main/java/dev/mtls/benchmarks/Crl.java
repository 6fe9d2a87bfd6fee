package dev.mtls.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An empty CRL for the development CA, written by {@code openssl ca -gencrl}.
 */
final class Crl {

	private Crl() {
	}

	static Path empty(Path caCertificate, Path caKey, Path work) throws IOException, InterruptedException {
		Path directory = Files.createDirectories(work.resolve("crl"));
		Files.writeString(directory.resolve("index.txt"), "");
		Files.writeString(directory.resolve("crlnumber"), "01\n");
		Path config = Files.writeString(directory.resolve("ca.cnf"), """
				[ ca ]
				default_ca = dev
				[ dev ]
				database = %s
				crlnumber = %s
				default_md = sha256
				default_crl_days = 1
				""".formatted(directory.resolve("index.txt"), directory.resolve("crlnumber")));
		Path crl = directory.resolve("ca.crl");
		Process openssl = new ProcessBuilder("openssl", "ca", "-gencrl", "-config", config.toString(), "-keyfile",
				caKey.toString(), "-cert", caCertificate.toString(), "-out", crl.toString())
			.redirectErrorStream(true)
			.start();
		if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
			throw new IllegalStateException("openssl ca -gencrl failed: " + new String(openssl.getInputStream().readAllBytes()));
		}
		return crl;
	}

}
