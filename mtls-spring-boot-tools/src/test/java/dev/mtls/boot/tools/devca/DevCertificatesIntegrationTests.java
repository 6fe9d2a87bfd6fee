package dev.mtls.boot.tools.devca;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import dev.mtls.boot.devca.DevCertificateAuthority;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.RunningPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dev-certificate command writes, checked by tools we did not write: {@code openssl} as
 * verifier, CSR maker and PKCS#12 reader, and {@code curl} in a real mutual TLS handshake with a
 * server configured from the printed properties.
 */
class DevCertificatesIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void aServerCertificateVerifiesWithOpenSslForServerAndClientUse() {
		issue("server", "--name=inventory");
		assertThat(openssl("verify", "-CAfile", file("ca.crt"), file("inventory.crt")).output())
			.contains("inventory.crt: OK");
		assertThat(openssl("verify", "-purpose", "sslserver", "-CAfile", file("ca.crt"), file("inventory.crt")).output())
			.contains("OK");
		assertThat(openssl("verify", "-purpose", "sslclient", "-CAfile", file("ca.crt"), file("inventory.crt")).output())
			.contains("OK");
		assertThat(openssl("x509", "-in", file("inventory.crt"), "-noout", "-ext", "subjectAltName,extendedKeyUsage")
			.output()).contains("TLS Web Server Authentication, TLS Web Client Authentication")
			.contains("URI:spiffe://dev.mtls.local/ns/dev/sa/inventory, DNS:localhost, DNS:inventory, IP Address:127.0.0.1");
		assertKeyMatches("inventory.key", "x509", "inventory.crt");
	}

	@Test
	void aClientCertificateIsRefusedByOpenSslForServerUse() {
		issue("client", "--name=alice");
		assertThat(openssl("verify", "-purpose", "sslclient", "-CAfile", file("ca.crt"), file("alice.crt")).output())
			.contains("OK");
		Command asServer = Command.run("openssl", "verify", "-purpose", "sslserver", "-CAfile", file("ca.crt"),
				file("alice.crt"));
		assertThat(asServer.exitCode()).isNotZero();
		assertThat(asServer.output()).contains("unsuitable certificate purpose");
	}

	@Test
	void aCsrVerifiesWithOpenSslAndRequestsTheNames() {
		issue("csr", "--name=orders", "--dns=orders.shop.svc", "--ip=10.0.0.7", "--trust-domain=shop.example");
		assertThat(openssl("req", "-verify", "-noout", "-in", file("orders.csr")).output())
			.contains("self-signature verify OK");
		assertThat(openssl("req", "-in", file("orders.csr"), "-noout", "-subject", "-text").output())
			.contains("subject=O = mtls dev, CN = orders")
			.contains("URI:spiffe://shop.example/ns/dev/sa/orders, DNS:orders.shop.svc, IP Address:10.0.0.7");
		assertKeyMatches("orders.key", "req", "orders.csr");
	}

	@Test
	void anOpenSslCsrSignedBySignVerifiesAndKeepsItsSubjectAndNames() {
		openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
				file("payments.key"), "-out", file("payments.csr"), "-subj", "/O=shop/CN=payments", "-addext",
				"subjectAltName=URI:spiffe://shop.example/ns/prod/sa/payments,DNS:payments.shop.svc,IP:10.0.0.9");
		DevCertificatesRun run = issue("sign", "--csr=" + file("payments.csr"));
		assertThat(run.out()).contains("mtls.identity.private-key=file:" + file("payments.key"));
		assertThat(openssl("verify", "-purpose", "sslserver", "-CAfile", file("ca.crt"), file("payments.crt")).output())
			.contains("payments.crt: OK");
		assertThat(openssl("x509", "-in", file("payments.crt"), "-noout", "-subject", "-ext", "subjectAltName").output())
			.contains("subject=O = shop, CN = payments")
			.contains("URI:spiffe://shop.example/ns/prod/sa/payments, DNS:payments.shop.svc, IP Address:10.0.0.9");
		assertKeyMatches("payments.key", "x509", "payments.crt");
	}

	@Test
	void signWithClientIssuesForClientUseOnly() {
		issue("csr", "--name=bob");
		issue("sign", "--csr=" + file("bob.csr"), "--client");
		assertThat(openssl("x509", "-in", file("bob.crt"), "-noout", "-ext", "extendedKeyUsage").output())
			.contains("TLS Web Client Authentication")
			.doesNotContain("Server");
	}

	@Test
	void signRefusesACsrChangedAfterItWasSigned() throws Exception {
		issue("csr", "--name=honest");
		Path tampered = this.directory.resolve("tampered.csr");
		Files.writeString(tampered, replaceInDer(Files.readString(this.directory.resolve("honest.csr")), "honest", "forged"));
		// OpenSSL 3.0 exits 0 either way; its verdict is in the output.
		assertThat(Command.run("openssl", "req", "-verify", "-noout", "-in", tampered.toString()).output())
			.contains("self-signature verify failure");
		DevCertificatesRun run = DevCertificatesRun.of("sign", dir(), "--csr=" + tampered);
		assertThat(run.exitCode()).isOne();
		assertThat(run.err()).isEqualTo("error: --csr=" + tampered + " has a signature that does not match its "
				+ "content: it was changed after its key signed it; give a PEM request made with the csr command or "
				+ "openssl req -new" + System.lineSeparator());
		assertThat(this.directory.resolve("tampered.crt")).doesNotExist();
	}

	@Test
	void aPkcs12StoreOpensWithOpenSslWithThePrintedPassword() {
		DevCertificatesRun run = issue("server", "--name=inventory", "--pkcs12");
		String password = run.printed("mtls.identity.keystore.password=");
		assertThat(openssl("pkcs12", "-in", file("inventory.p12"), "-passin", "pass:" + password, "-nokeys").output())
			.contains("subject=O = mtls dev, CN = inventory")
			.contains("friendlyName: inventory");
		assertThat(openssl("pkcs12", "-in", file("inventory.p12"), "-passin", "pass:" + password, "-nocerts", "-nodes")
			.output()).contains("BEGIN PRIVATE KEY");
		assertThat(Command.run("openssl", "pkcs12", "-in", file("inventory.p12"), "-passin", "pass:wrong", "-nokeys")
			.exitCode()).isNotZero();
	}

	@Test
	void curlWithTheClientCertificateIsServedByAServerWithTheServerCertificate() {
		DevCertificatesRun server = issue("server", "--name=inventory");
		DevCertificatesRun client = issue("client", "--name=alice");
		try (RunningPeer peer = RunningPeer.startWith(WebApplicationType.SERVLET, properties(server))) {
			Command curl = Command.run("sh", "-c",
					client.printed("Try it: ").replace("https://localhost:8443", "-sS https://localhost:" + peer.port()));
			assertThat(curl.exitCode()).as(curl.output()).isZero();
			assertThat(curl.output()).contains("spiffe://dev.mtls.local/ns/dev/sa/alice");
		}
	}

	@Test
	void aServerOnItsPkcs12StoreServesCurlWithACertificateSignedFromAnOpenSslCsr() {
		DevCertificatesRun server = issue("server", "--name=inventory", "--pkcs12=changed-it");
		openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
				file("carol.key"), "-out", file("carol.csr"), "-subj", "/CN=carol", "-addext",
				"subjectAltName=URI:spiffe://dev.mtls.local/ns/people/sa/carol");
		issue("sign", "--csr=" + file("carol.csr"), "--client");
		try (RunningPeer peer = RunningPeer.startWith(WebApplicationType.REACTIVE, properties(server))) {
			Command curl = Command.run("curl", "-sS", "--cacert", file("ca.crt"), "--cert", file("carol.crt"), "--key",
					file("carol.key"), "https://localhost:" + peer.port() + "/whoami");
			assertThat(curl.exitCode()).as(curl.output()).isZero();
			assertThat(curl.output()).contains("spiffe://dev.mtls.local/ns/people/sa/carol");
		}
	}

	@Test
	void theCommandIssuesFromTheCaTheDevIdentityUses() throws Exception {
		DevCertificateAuthority.DevIdentity identity = DevCertificateAuthority.open(this.directory, "dev.mtls.local")
			.issueServiceIdentity("orders");
		String ca = Files.readString(identity.caCertificate());
		issue("server", "--name=inventory");
		assertThat(openssl("verify", "-CAfile", identity.caCertificate().toString(), file("inventory.crt")).output())
			.contains("inventory.crt: OK");
		assertThat(Files.readString(identity.caCertificate())).isEqualTo(ca);
	}

	@Test
	void theDevIdentityIssuesFromTheCaTheCommandMade() throws Exception {
		issue("ca");
		String ca = Files.readString(this.directory.resolve("ca.crt"));
		DevCertificateAuthority.DevIdentity identity = DevCertificateAuthority.open(this.directory, "dev.mtls.local")
			.issueServiceIdentity("orders");
		assertThat(Files.readString(identity.caCertificate())).isEqualTo(ca);
		assertThat(openssl("verify", "-CAfile", file("ca.crt"), identity.certificate().toString()).output())
			.contains("orders.crt: OK");
	}

	private DevCertificatesRun issue(String... args) {
		String[] withDirectory = new String[args.length + 1];
		System.arraycopy(args, 0, withDirectory, 0, args.length);
		withDirectory[args.length] = dir();
		DevCertificatesRun run = DevCertificatesRun.of(withDirectory);
		assertThat(run.exitCode()).as(run.err()).isZero();
		return run;
	}

	private static String[] properties(DevCertificatesRun run) {
		return run.out().lines().map(String::strip).filter((line) -> line.startsWith("mtls.")).map((line) -> "--" + line)
			.toArray(String[]::new);
	}

	private void assertKeyMatches(String key, String kind, String file) {
		String fromKey = openssl("pkey", "-in", file(key), "-pubout").output();
		String fromFile = openssl(kind, "-in", file(file), "-noout", "-pubkey").output();
		assertThat(fromFile).isEqualTo(fromKey).contains("BEGIN PUBLIC KEY");
	}

	private static Command openssl(String... args) {
		String[] command = new String[args.length + 1];
		command[0] = "openssl";
		System.arraycopy(args, 0, command, 1, args.length);
		Command openssl = Command.run(command);
		assertThat(openssl.exitCode()).as(openssl.output()).isZero();
		return openssl;
	}

	/**
	 * Change a request's content (same length, so the DER stays well formed) without signing it
	 * again.
	 */
	private static String replaceInDer(String pem, String from, String to) {
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		String der = new String(Base64.getDecoder().decode(base64), StandardCharsets.ISO_8859_1);
		assertThat(der).contains(from);
		byte[] changed = der.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
		return "-----BEGIN CERTIFICATE REQUEST-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(changed)
				+ "\n-----END CERTIFICATE REQUEST-----\n";
	}

	private String dir() {
		return "--dir=" + this.directory;
	}

	private String file(String name) {
		return this.directory.resolve(name).toString();
	}

}
