package dev.mtls.boot.tools.devca;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import dev.mtls.boot.core.CertificateSummary;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.DevCertificateAuthority;
import dev.mtls.boot.devca.DevCertificateAuthority.Authority;
import dev.mtls.boot.devca.DevCurlHint;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.devca.PemFiles;
import dev.mtls.boot.tools.devca.DevCertificateOptions.InvalidOptionException;

import org.springframework.boot.ApplicationArguments;

/**
 * The development certificate commands of {@code MtlsTools}, with the CA folder that
 * {@code mtls.dev.enabled} uses: the CA itself, server and client identities, certificate signing
 * requests for another CA, and certificates for requests made elsewhere. PEM files (PKCS#12 on
 * request) with a SPIFFE ID and host names. Exit code 0 when done, 1 with a one-line reason
 * otherwise. Never use the certificates in production.
 *
 * <pre>
 * java -jar mtls-tools.jar server --name=inventory
 * </pre>
 *
 * @author mtls-spring-boot
 */
public final class DevCertificates {

	/** The commands, in the order the help lists them. */
	public static final List<String> COMMANDS = List.of("ca", "server", "client", "csr", "sign");

	static final String USAGE = """
			Development certificates from the mtls-spring-boot development CA (never for production).

			Usage: java -jar mtls-tools.jar <ca|server|client|csr|sign> [--option=value ...]

			Commands:
			  ca      create the CA in --dir if it is missing, or show it
			  server  issue <name>.crt and <name>.key for server and client use, like mtls.dev services get
			  client  issue <name>.crt and <name>.key for client use only (clientAuth)
			  csr     make a new <name>.key and a certificate signing request <name>.csr for another CA
			  sign    issue a certificate for a certificate signing request (--csr), next to it

			Options:
			  --dir=.mtls-dev          the CA's folder, where files are written (the same as mtls.dev.directory)
			  --name=inventory         server, client, csr: the file names, CN and SPIFFE ID
			  --subject=CN=..,O=..     the subject (default CN=<name>,O=mtls dev)
			  --spiffe-id=spiffe://..  the SPIFFE ID (default spiffe://<trust-domain>/ns/dev/sa/<name>)
			  --trust-domain=..        the trust domain of the default SPIFFE ID (default dev.mtls.local)
			  --dns=a,b  --ip=a,b      the host names, exactly these if either is given (an empty value for
			                           none); default for server and csr: localhost, <name> and 127.0.0.1
			  --days=30                server, client, sign: the validity
			  --pkcs12[=password]      server, client: also write <name>.p12; without a password one is
			                           generated and printed
			  --csr=inventory.csr      sign: the request; its subject and names are certified, after its
			                           signature is checked
			  --server | --client      sign: for server and client use (default), or client use only
			  --help                   this text
			""";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	private DevCertificates() {
	}

	/**
	 * Run one command.
	 * @param command one of {@link #COMMANDS}
	 * @param arguments its options, as Spring Boot parses them
	 * @param out where what was written goes
	 * @param err where a refusal goes
	 * @return the exit code
	 */
	public static int run(String command, ApplicationArguments arguments, PrintStream out, PrintStream err) {
		if (arguments.containsOption("help")) {
			out.print(USAGE);
			return 0;
		}
		try {
			DevCertificateOptions options = DevCertificateOptions.of(command, arguments);
			DevCertificateAuthority ca = DevCertificateAuthority.open(options.directory(), options.trustDomain());
			switch (options.command()) {
				case "ca" -> showAuthority(ca, out);
				case "server", "client" -> issue(ca, options, out);
				case "csr" -> request(ca, options, out);
				case "sign" -> sign(ca, options, out);
				default -> throw new IllegalStateException("Unhandled command " + options.command());
			}
			return 0;
		}
		catch (InvalidOptionException ex) {
			err.println("error: " + ex.getMessage());
			return 1;
		}
		catch (UncheckedIOException ex) {
			err.println("error: " + ex.getMessage() + " (" + ex.getCause() + ")");
			return 1;
		}
	}

	private static void showAuthority(DevCertificateAuthority ca, PrintStream out) {
		Authority authority = ca.authority();
		X509Certificate certificate = authority.certificate().certificate();
		out.println((authority.created() ? "Created the development CA in " : "The development CA in ")
				+ ca.directory());
		row(out, "certificate", ca.file(DevCertificateAuthority.CA_CERTIFICATE));
		row(out, "private key", ca.file(DevCertificateAuthority.CA_KEY));
		row(out, "subject", certificate.getSubjectX500Principal().getName());
		row(out, "valid until", certificate.getNotAfter().toInstant());
		out.println("Trust it: mtls.trust.certificates=file:" + ca.file(DevCertificateAuthority.CA_CERTIFICATE));
	}

	private static void issue(DevCertificateAuthority ca, DevCertificateOptions options, PrintStream out) {
		boolean clientOnly = options.command().equals("client");
		String name = options.name();
		CertificateBuilder builder = options
			.identityNames(clientOnly ? ca.personNames(name) : ca.serviceNames(name))
			.applyTo(new CertificateBuilder())
			.validFor(Duration.ofDays(options.days()));
		if (clientOnly) {
			builder.clientOnly();
		}
		String password = options.pkcs12() ? options.pkcs12Password() : null;
		if (options.pkcs12() && password == null) {
			password = generatedPassword();
		}
		IssuedCertificate issued = builder.issuedBy(authority(ca, out)).issue();
		Path certificate = ca.file(name + ".crt");
		Path key = ca.file(name + ".key");
		issued.writePem(certificate, key);
		out.println("Issued " + name + (clientOnly ? " for client use" : " for server and client use"));
		row(out, "certificate", certificate);
		row(out, "private key", key);
		Path pkcs12 = null;
		if (password != null) {
			pkcs12 = ca.file(name + ".p12");
			issued.writePkcs12(pkcs12, name, password.toCharArray());
			row(out, "PKCS#12", pkcs12 + " (password " + password + ")");
		}
		describe(issued.certificate(), out);
		if (clientOnly) {
			tryWithCurl(ca, certificate, key.toString(), out);
		}
		else if (pkcs12 != null) {
			useIt(out, "mtls.identity.keystore.location=file:" + pkcs12, "mtls.identity.keystore.password=" + password,
					trust(ca));
		}
		else {
			useIt(out, "mtls.identity.certificate=file:" + certificate, "mtls.identity.private-key=file:" + key,
					trust(ca));
		}
	}

	private static void request(DevCertificateAuthority ca, DevCertificateOptions options, PrintStream out) {
		String name = options.name();
		CertificateRequest request = CertificateRequest.create(options.identityNames(ca.serviceNames(name)));
		Path requestFile = ca.file(name + ".csr");
		Path key = ca.file(name + ".key");
		try {
			Files.createDirectories(ca.directory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to create " + ca.directory(), ex);
		}
		request.writePem(requestFile, key);
		out.println("Made a certificate signing request for " + name + " with a new key");
		row(out, "request", requestFile);
		row(out, "private key", key);
		row(out, "subject", request.subject());
		row(out, "names", String.join(", ", request.describeSubjectAlternativeNames()));
		out.println("Send " + requestFile.getFileName() + " to your CA, or have the development CA sign it: "
				+ "java -jar mtls-tools.jar sign --csr=" + requestFile);
	}

	private static void sign(DevCertificateAuthority ca, DevCertificateOptions options, PrintStream out) {
		Path requestFile = options.csr().toAbsolutePath().normalize();
		CertificateRequest request = csr(options, () -> CertificateRequest.read(requestFile));
		String name = requestFile.getFileName().toString().replaceFirst("\\.csr$", "");
		Path certificate = requestFile.resolveSibling(name + ".crt");
		if (certificate.equals(ca.file(DevCertificateAuthority.CA_CERTIFICATE))) {
			throw new InvalidOptionException("--csr=" + options.csr() + " would have its certificate replace the CA's "
					+ "own ca.crt; rename the request");
		}
		boolean clientOnly = options.clientOnly();
		CertificateBuilder builder = csr(options, () -> request.certify(new CertificateBuilder()))
			.validFor(Duration.ofDays(options.days()));
		if (clientOnly) {
			builder.clientOnly();
		}
		IssuedCertificate issued = builder.issuedBy(authority(ca, out)).issue();
		PemFiles.writePublic(certificate, issued.chainPem());
		out.println("Signed " + requestFile.getFileName() + (clientOnly ? " for client use" : " for server and client use"));
		row(out, "certificate", certificate);
		describe(issued.certificate(), out);
		// The key stays where the request was made; next to it if that was the csr command.
		Path key = requestFile.resolveSibling(name + ".key");
		String keyLocation = Files.exists(key) ? key.toString() : "<the request's private key>";
		if (clientOnly) {
			tryWithCurl(ca, certificate, keyLocation, out);
		}
		else {
			useIt(out, "mtls.identity.certificate=file:" + certificate, "mtls.identity.private-key=file:" + keyLocation,
					trust(ca));
		}
	}

	// What the request file holds is refused as a mistake in --csr.
	private static <T> T csr(DevCertificateOptions options, Supplier<T> use) {
		try {
			return use.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidOptionException("--csr=" + options.csr() + " " + ex.getMessage()
					+ "; give a PEM request made with the csr command or openssl req -new");
		}
	}

	private static IssuedCertificate authority(DevCertificateAuthority ca, PrintStream out) {
		Authority authority = ca.authority();
		if (authority.created()) {
			out.println("Created the development CA in " + ca.directory());
		}
		return authority.certificate();
	}

	private static void describe(X509Certificate certificate, PrintStream out) {
		CertificateSummary summary = CertificateSummary.of(certificate);
		row(out, "subject", summary.subject());
		row(out, "names", summary.sans().isEmpty() ? "none" : String.join(", ", summary.sans()));
		row(out, "usage", usage(certificate));
		row(out, "valid until", summary.notAfter());
	}

	private static String usage(X509Certificate certificate) {
		try {
			return String.join(", ", certificate.getExtendedKeyUsage()
				.stream()
				.map((usage) -> switch (usage) {
					case SERVER_AUTH -> "serverAuth";
					case CLIENT_AUTH -> "clientAuth";
					default -> usage;
				})
				.toList());
		}
		catch (CertificateParsingException ex) {
			return "unreadable";
		}
	}

	private static void row(PrintStream out, String label, Object value) {
		out.printf("  %-12s %s%n", label, value);
	}

	private static String trust(DevCertificateAuthority ca) {
		return "mtls.trust.certificates=file:" + ca.file(DevCertificateAuthority.CA_CERTIFICATE);
	}

	private static void useIt(PrintStream out, String... properties) {
		out.println("Use it (application.properties):");
		for (String property : properties) {
			out.println("  " + property);
		}
	}

	private static void tryWithCurl(DevCertificateAuthority ca, Path certificate, String key, PrintStream out) {
		out.println("Try it: "
				+ DevCurlHint.curl(ca.file(DevCertificateAuthority.CA_CERTIFICATE), certificate, key, 8443));
	}

	private static String generatedPassword() {
		// A fixed default would end up in configuration copied to production.
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
