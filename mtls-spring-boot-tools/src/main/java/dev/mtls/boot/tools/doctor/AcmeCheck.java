package dev.mtls.boot.tools.doctor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.mtls.boot.acme.DirectoryCertificates;
import dev.mtls.boot.doctor.Finding;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The ACME source as far as the doctor goes without ordering a certificate: whether the directory
 * answers (over {@code directory-trust}), and which stored certificate the application would serve.
 * The stored certificate, if any, is then checked like identity files.
 *
 * @author mtls-spring-boot
 */
final class AcmeCheck {

	static final String DIRECTORY = "mtls.identity.acme.directory";

	private final String directory;

	private final @Nullable String directoryTrust;

	private final Path storage;

	private AcmeCheck(String directory, @Nullable String directoryTrust, Path storage) {
		this.directory = directory;
		this.directoryTrust = directoryTrust;
		this.storage = storage;
	}

	static @Nullable AcmeCheck of(Environment environment) {
		String directory = environment.getProperty(DIRECTORY);
		if (directory == null || directory.isBlank()) {
			return null;
		}
		return new AcmeCheck(directory, environment.getProperty("mtls.identity.acme.directory-trust"),
				Path.of(environment.getProperty("mtls.identity.acme.storage", "./.mtls-acme")));
	}

	Path certificate() {
		return this.storage.resolve("tls.crt");
	}

	Path key() {
		return this.storage.resolve("tls.key");
	}

	boolean stored() {
		return Files.isRegularFile(certificate()) && Files.isRegularFile(key());
	}

	void check(List<Finding> findings) {
		findings.add(Finding.info("identity", stored()
				? "from acme: the certificate stored in %s (checked above as identity files), which the application serves while it is valid".formatted(this.storage)
				: "from acme: no certificate is stored in %s yet; the application orders one from %s at startup"
					.formatted(this.storage, this.directory)));
		try {
			HttpResponse<String> response = client()
				.send(HttpRequest.newBuilder(URI.create(this.directory)).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200 && response.body().contains("\"newOrder\"")) {
				findings.add(Finding.ok("acme", "the ACME directory %s answers".formatted(this.directory)));
			}
			else {
				findings.add(Finding.error("acme", "%s answers %d without an ACME directory (no newOrder)"
					.formatted(this.directory, response.statusCode()), "Point " + DIRECTORY + " at the CA's directory URL."));
			}
		}
		catch (IOException | RuntimeException ex) {
			findings.add(Finding.error("acme", "the ACME directory %s cannot be reached: %s".formatted(this.directory, ex),
					"Check " + DIRECTORY + " and, for a private CA, mtls.identity.acme.directory-trust (the CA of its "
							+ "HTTPS certificate); renewals fail the same way while the certificate in service lasts."));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private HttpClient client() {
		HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
		if (this.directoryTrust != null) {
			builder.sslContext(DirectoryCertificates.sslContext(this.directoryTrust, new DefaultResourceLoader()));
		}
		return builder.build();
	}

}
