package dev.mtls.boot.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.devca.IssuedCertificate;

/**
 * curl as a client we did not write: presents {@code <name>.crt}/{@code <name>.key} from a
 * {@link TestPki} directory (or nothing), from a chosen loopback source address, with extra headers,
 * and answers "status body".
 */
public final class Curl {

	private final Path directory;

	private final Path ca;

	private String source;

	private String certificate;

	private final List<String> headers = new ArrayList<>();

	private String method;

	private Curl(Path directory, Path ca) {
		this.directory = directory;
		this.ca = ca;
	}

	public static Curl trusting(TestPki pki) {
		return new Curl(pki.directory(), pki.writeCertificates("curl-ca.crt", pki.root()));
	}

	/** Present the certificate and key written under this name. */
	public Curl as(String name) {
		this.certificate = name;
		return this;
	}

	/** Connect from this local address, e.g. 127.0.0.2 (any 127/8 address works on Linux). */
	public Curl from(String address) {
		this.source = address;
		return this;
	}

	/** Send this method instead of GET. */
	public Curl method(String method) {
		this.method = method;
		return this;
	}

	public Curl header(String header) {
		this.headers.add(header);
		return this;
	}

	/** A request over https, answering "status body". */
	public String get(int port, String path) {
		return request("https", port, path);
	}

	/** A request over plain http, answering "status body". */
	public String plainGet(int port, String path) {
		return request("http", port, path);
	}

	private String request(String scheme, int port, String path) {
		List<String> command = new ArrayList<>(
				List.of("curl", "-sS", "--max-time", "10", "--cacert", this.ca.toString(), "-w", " %{http_code}"));
		if (this.certificate != null) {
			command.addAll(List.of("--cert", this.directory.resolve(this.certificate + ".crt").toString(), "--key",
					this.directory.resolve(this.certificate + ".key").toString()));
		}
		if (this.source != null) {
			command.addAll(List.of("--interface", this.source));
		}
		if (this.method != null) {
			command.addAll(List.of("-X", this.method));
		}
		for (String header : this.headers) {
			command.addAll(List.of("-H", header));
		}
		command.add(scheme + "://localhost:" + port + path);
		String output = Command.run(command.toArray(String[]::new)).output().strip();
		int space = output.lastIndexOf(' ');
		return output.substring(space + 1) + " " + output.substring(0, Math.max(space, 0)).strip();
	}

	/** A certificate as nginx's {@code $ssl_client_escaped_cert} writes it. */
	public static String escaped(IssuedCertificate certificate) {
		return URLEncoder.encode(certificate.certificatePem(), StandardCharsets.UTF_8).replace("+", "%20");
	}

}
