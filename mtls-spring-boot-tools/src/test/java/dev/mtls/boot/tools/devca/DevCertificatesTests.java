package dev.mtls.boot.tools.devca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.pem.PemContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev-certificate command line: what it writes, and one clear line with exit code 1 for every
 * mistake, before anything is written. External tools check the files in
 * {@link DevCertificatesIntegrationTests}.
 */
class DevCertificatesTests {

	@TempDir
	Path directory;

	@Test
	void helpPrintsTheCommands() {
		DevCertificatesRun run = DevCertificatesRun.of("--help");
		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("doctor ", "ca ", "server ", "client ", "csr ", "sign ", "<command> --help");
	}

	@Test
	void aCommandsHelpPrintsItsOptions() {
		DevCertificatesRun run = DevCertificatesRun.of("server", "--help");
		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).startsWith("Development certificates").contains("--pkcs12[=password]", "--csr=");
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void noCommandPrintsTheUsageAndFails() {
		DevCertificatesRun run = DevCertificatesRun.of();
		assertThat(run.exitCode()).isOne();
		assertThat(run.err()).startsWith("Command-line tools of mtls-spring-boot");
	}

	@Test
	void anUnknownCommandIsRefusedWithTheCommands() {
		assertRefused(DevCertificatesRun.of("certificate", "--name=x"),
				"error: unknown command 'certificate': use doctor, ca, server, client, csr or sign (--help lists them)");
	}

	@Test
	void anOptionTheCommandDoesNotTakeIsRefusedWithTheOptionsItTakes() {
		assertRefused(DevCertificatesRun.of("ca", dir(), "--name=x"),
				"error: ca does not take --name=x; it takes --dir (ca --help explains them)");
	}

	@Test
	void anArgumentThatIsNotAnOptionIsRefused() {
		assertRefused(DevCertificatesRun.of("server", dir(), "inventory"),
				"error: server does not take inventory; it takes --dir, --name, --subject, --spiffe-id, --trust-domain, "
						+ "--dns, --ip, --days, --pkcs12 (server --help explains them)");
	}

	@Test
	void anOptionGivenTwiceIsRefused() {
		assertRefused(DevCertificatesRun.of("server", dir(), "--name=inventory", "--dns=a", "--dns=b"),
				"error: --dns is given twice; give it once (lists take commas: --dns=a,b)");
	}

	@Test
	void aMalformedOptionIsRefused() {
		assertRefused(DevCertificatesRun.of("server", dir(), "--=inventory"),
				"error: Invalid argument syntax: --=inventory; write options as --name=value");
	}

	@Test
	void aMissingNameIsRefused() {
		assertRefused(DevCertificatesRun.of("server", dir()),
				"error: server needs --name, e.g. --name=inventory (for the file names, CN and SPIFFE ID)");
	}

	@Test
	void aNameThatWouldLeaveTheFolderIsRefused() {
		assertRefused(DevCertificatesRun.of("server", dir(), "--name=../inventory"),
				"error: --name=../inventory is not a plain file name; use letters, digits, '.', '-' and '_'");
	}

	@Test
	void theNameOfTheCaIsRefused() {
		assertRefused(DevCertificatesRun.of("client", dir(), "--name=ca"),
				"error: --name=ca would replace the CA's own ca.crt; choose another name");
	}

	@Test
	void aBadIpAddressIsRefused() {
		assertRefused(DevCertificatesRun.of("server", dir(), "--name=inventory", "--ip=127.0.0.1,10.0.0.300"),
				"error: --ip: '10.0.0.300' is not an IP address; write IPv4 or IPv6 addresses separated by commas, "
						+ "e.g. --ip=127.0.0.1,::1");
	}

	@Test
	void anOptionWithoutItsValueIsRefusedWithAnExample() {
		assertRefused(DevCertificatesRun.of("server", dir(), "--name=inventory", "--days"),
				"error: --days needs a value, e.g. --days=30");
	}

	@Test
	void aMissingCsrFileIsRefused() {
		DevCertificatesRun run = DevCertificatesRun.of("sign", dir(), "--csr=" + this.directory.resolve("nope.csr"));
		assertThat(run.exitCode()).isOne();
		assertThat(run.err()).startsWith("error: --csr=" + this.directory.resolve("nope.csr") + " cannot be read")
			.contains("NoSuchFileException");
		assertThat(run.err().lines()).hasSize(1);
	}

	@Test
	void aFileThatIsNotACsrIsRefused() throws Exception {
		DevCertificatesRun ca = DevCertificatesRun.of("ca", dir());
		assertThat(ca.exitCode()).as(ca.err()).isZero();
		Path notARequest = this.directory.resolve("ca.crt");
		DevCertificatesRun run = DevCertificatesRun.of("sign", dir(), "--csr=" + notARequest);
		assertThat(run.exitCode()).isOne();
		assertThat(run.err()).isEqualTo("error: --csr=" + notARequest + " is not a PEM certificate signing request "
				+ "(-----BEGIN CERTIFICATE REQUEST-----); give a PEM request made with the csr command or openssl req -new"
				+ System.lineSeparator());
	}

	@Test
	void rerunningCaKeepsTheSameCa() throws Exception {
		DevCertificatesRun first = DevCertificatesRun.of("ca", dir());
		String certificate = Files.readString(this.directory.resolve("ca.crt"));
		String key = Files.readString(this.directory.resolve("ca.key"));
		DevCertificatesRun second = DevCertificatesRun.of("ca", dir());
		assertThat(first.out()).startsWith("Created the development CA in " + this.directory);
		assertThat(second.out()).startsWith("The development CA in " + this.directory)
			.contains("CN=mtls-spring-boot development CA,O=mtls dev");
		assertThat(Files.readString(this.directory.resolve("ca.crt"))).isEqualTo(certificate);
		assertThat(Files.readString(this.directory.resolve("ca.key"))).isEqualTo(key);
	}

	@Test
	void aServerGetsTheNamesOfADevServiceByDefault() throws Exception {
		DevCertificatesRun run = DevCertificatesRun.of("server", dir(), "--name=inventory");
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(names(certificate("inventory.crt"))).containsExactly("spiffe://dev.mtls.local/ns/dev/sa/inventory",
				"localhost", "inventory", "127.0.0.1");
		assertThat(run.out()).contains(
				"names        URI:spiffe://dev.mtls.local/ns/dev/sa/inventory, DNS:localhost, DNS:inventory, IP:127.0.0.1",
				"mtls.identity.certificate=file:" + this.directory.resolve("inventory.crt"),
				"mtls.identity.private-key=file:" + this.directory.resolve("inventory.key"),
				"mtls.trust.certificates=file:" + this.directory.resolve("ca.crt"));
	}

	@Test
	void givenHostNamesReplaceTheDefaultOnes() throws Exception {
		DevCertificatesRun run = DevCertificatesRun.of("server", dir(), "--name=inventory", "--dns=inventory.shop.svc",
				"--ip=", "--trust-domain=shop.example");
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(names(certificate("inventory.crt"))).containsExactly("spiffe://shop.example/ns/dev/sa/inventory",
				"inventory.shop.svc");
	}

	@Test
	void aClientGetsOnlyItsSpiffeIdAndClientUse() throws Exception {
		DevCertificatesRun run = DevCertificatesRun.of("client", dir(), "--name=alice",
				"--spiffe-id=spiffe://shop.example/ns/people/sa/alice", "--subject=CN=Alice,O=Shop");
		assertThat(run.exitCode()).as(run.err()).isZero();
		X509Certificate certificate = certificate("alice.crt");
		assertThat(names(certificate)).containsExactly("spiffe://shop.example/ns/people/sa/alice");
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Alice,O=Shop");
		assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
		assertThat(run.out()).contains("Try it: curl --cacert " + this.directory.resolve("ca.crt") + " --cert "
				+ this.directory.resolve("alice.crt") + " --key " + this.directory.resolve("alice.key"));
	}

	@Test
	void keysAreReadableByTheirOwnerOnly() throws Exception {
		DevCertificatesRun server = DevCertificatesRun.of("server", dir(), "--name=inventory", "--pkcs12=secret");
		DevCertificatesRun csr = DevCertificatesRun.of("csr", dir(), "--name=orders");
		assertThat(server.exitCode()).as(server.err()).isZero();
		assertThat(csr.exitCode()).as(csr.err()).isZero();
		for (String key : List.of("ca.key", "inventory.key", "inventory.p12", "orders.key")) {
			assertThat(Files.getPosixFilePermissions(this.directory.resolve(key))).as(key)
				.containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		}
		assertThat(Files.getPosixFilePermissions(this.directory.resolve("inventory.crt")))
			.contains(PosixFilePermission.OTHERS_READ);
	}

	@Test
	void aGeneratedPkcs12PasswordIsPrintedAndDiffersEachTime() {
		DevCertificatesRun first = DevCertificatesRun.of("server", dir(), "--name=one", "--pkcs12");
		DevCertificatesRun second = DevCertificatesRun.of("server", dir(), "--name=two", "--pkcs12");
		String password = first.printed("mtls.identity.keystore.password=");
		assertThat(password).hasSizeGreaterThanOrEqualTo(20);
		assertThat(second.printed("mtls.identity.keystore.password=")).isNotEqualTo(password);
		assertThat(first.out()).contains("mtls.identity.keystore.location=file:" + this.directory.resolve("one.p12"));
	}

	private void assertRefused(DevCertificatesRun run, String message) {
		assertThat(run.exitCode()).isOne();
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo(message + System.lineSeparator());
		assertThat(this.directory).isEmptyDirectory();
	}

	private String dir() {
		return "--dir=" + this.directory;
	}

	private X509Certificate certificate(String name) throws Exception {
		return PemContent.load(this.directory.resolve(name)).getCertificates().get(0);
	}

	private static List<Object> names(X509Certificate certificate) throws Exception {
		return certificate.getSubjectAlternativeNames().stream().map((name) -> (Object) name.get(1)).toList();
	}

}
