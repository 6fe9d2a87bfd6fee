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
		List<String> options = new ArrayList<>();
		if (this.method != null) {
			options.addAll(List.of("-X", this.method));
		}
		for (String header : this.headers) {
			options.addAll(List.of("-H", header));
		}
		return run(this.directory, this.ca, this.certificate, this.source, options,
				scheme + "://localhost:" + port + path);
	}

	/**
	 * Any request, with whatever curl options it needs (HTTP/2, raw header lines), answering
	 * "status body".
	 * @param pki the PKI whose root curl trusts and whose directory holds the certificates
	 * @param as the certificate to present, or {@code null}
	 * @param from the local address to connect from, or {@code null}
	 * @param url the URL
	 * @param options more curl options
	 * @return "status body"
	 */
	public static String request(TestPki pki, String as, String from, String url, String... options) {
		return run(pki.directory(), pki.writeCertificates("curl-ca.crt", pki.root()), as, from, List.of(options), url);
	}

	private static String run(Path directory, Path ca, String as, String from, List<String> options, String url) {
		List<String> command = new ArrayList<>(
				List.of("curl", "-sS", "--max-time", "10", "--cacert", ca.toString(), "-w", " %{http_code}"));
		if (as != null) {
			command.addAll(List.of("--cert", directory.resolve(as + ".crt").toString(), "--key",
					directory.resolve(as + ".key").toString()));
		}
		if (from != null) {
			command.addAll(List.of("--interface", from));
		}
		command.addAll(options);
		command.add(url);
		String output = Command.run(command.toArray(String[]::new)).output().strip();
		int space = output.lastIndexOf(' ');
		return output.substring(space + 1) + " " + output.substring(0, Math.max(space, 0)).strip();
	}

	/** A certificate as nginx's {@code $ssl_client_escaped_cert} writes it. */
	public static String escaped(IssuedCertificate certificate) {
		return URLEncoder.encode(certificate.certificatePem(), StandardCharsets.UTF_8).replace("+", "%20");
	}

}
