package dev.mtls.boot.tools.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.BadServer;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.tools.MtlsTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each finding of the doctor from a real broken setup made here: files, keys, usages, expiry, the
 * trust set, and a real server that does or does not accept the identity.
 */
class DoctorIntegrationTests {

	// A granted peer, so that the doctor has no warning about authorities to give.
	private static final String GRANT = "--mtls.grants[0].peer=spiffe://" + TestPki.TRUST_DOMAIN + "/**";

	private static final String GRANTED = "--mtls.grants[0].authorities=SCOPE_orders";

	@TempDir
	Path directory;

	private TestPki pki;

	private Path ca;

	@BeforeEach
	void pki() {
		this.pki = new TestPki(this.directory);
		this.ca = this.pki.writeCertificates("ca.crt", this.pki.root());
	}

	@Test
	void aHealthyIdentityThatTheServerAcceptsIsNoProblem() {
		try (RunningPeer server = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "server", this.pki.server("server"))) {
			Report report = doctor(identity("doctor", this.pki.server("doctor")), "--url=https://localhost:" + server.port());
			assertThat(report.exitCode()).as(report.output()).isZero();
			assertThat(report.output()).contains("the private key matches")
				.contains("proves URI:" + TestPki.spiffeId("doctor"))
				.contains("extended key usage serverAuth and clientAuth")
				.contains("the trust set accepts the server certificate for this host name")
				.contains("the server accepts client certificates from: CN=Test Root CA")
				.contains("the server accepted this identity (HTTP/1.1")
				.contains("the JDK TLS engine's cryptography (mtls.crypto.provider=auto): ECDSA: SunEC")
				.contains("No problems found.");
		}
	}

	@Test
	void aMissingFileNamesThePropertyAndTheFile() {
		Report report = doctor("--mtls.identity.certificate=file:" + this.directory.resolve("nope.crt"),
				"--mtls.identity.private-key=file:" + this.directory.resolve("nope.key"),
				"--mtls.trust.certificates=file:" + this.ca);
		assertThat(report.exitCode()).isOne();
		assertThat(report.output()).contains("ERROR").contains("mtls.identity.certificate").contains("nope.crt")
			.contains("fix: Point mtls.identity.certificate at an existing file");
	}

	@Test
	void aKeyOfAnotherCertificateIsAnError() {
		this.pki.write("one", this.pki.server("one"));
		this.pki.write("two", this.pki.server("two"));
		Report report = doctor("--mtls.identity.certificate=file:" + this.directory.resolve("one.crt"),
				"--mtls.identity.private-key=file:" + this.pki.key("two"), "--mtls.trust.certificates=file:" + this.ca);
		assertThat(report.exitCode()).isOne();
		assertThat(report.output()).contains("ERROR").containsIgnoringCase("does not match");
	}

	@Test
	void aServerOnlyCertificateIsWarnedAboutClientUse() {
		Report report = doctor(identity("server-only", this.pki.serverOnlyClient("server-only")));
		assertThat(report.exitCode()).as(report.output()).isEqualTo(2);
		assertThat(report.output()).contains("WARNING").contains("lacks clientAuth");
	}

	@Test
	void anExpiredIdentityIsAnError() {
		Report report = doctor(identity("late", this.pki.expiredClient("late")));
		assertThat(report.exitCode()).isOne();
		assertThat(report.output()).contains("ERROR").contains("expired");
	}

	@Test
	void aTrustSetWithoutTheIdentitysOwnIssuerIsWarned() {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=New CA").authority().issue();
		List<String> arguments = new ArrayList<>(identity("rolling", this.pki.server("rolling")));
		arguments.set(2, "--mtls.trust.certificates=file:" + this.pki.writeCertificates("new-ca.crt", otherCa));
		Report report = doctor(arguments);
		assertThat(report.exitCode()).isEqualTo(2);
		assertThat(report.output()).contains("does not contain this identity's own issuer (CN=Test Root CA,O=mtls tests)");
	}

	@Test
	void aServerThatDoesNotTrustTheIdentityIsExplained() {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		try (RunningPeer server = RunningPeer.start(WebApplicationType.REACTIVE, this.pki, "server", this.pki.server("server"))) {
			List<String> arguments = new ArrayList<>(identity("stranger", this.pki.client("stranger", otherCa)));
			arguments.set(2, "--mtls.trust.certificates=file:" + this.pki.writeCertificates("both.crt", this.pki.root(), otherCa));
			arguments.add("--url=https://localhost:" + server.port());
			Report report = doctor(arguments);
			assertThat(report.exitCode()).as(report.output()).isOne();
			assertThat(report.output()).contains("the server's list does not include this identity's issuer (CN=Other CA)")
				.contains("ERROR");
		}
	}

	@Test
	void jsonOutputListsEveryFinding() throws Exception {
		Report report = doctor(identity("json", this.pki.serverOnlyClient("json")), "--json");
		Map<?, ?> json = JsonMapper.builder().build().readValue(report.output(), Map.class);
		List<?> findings = (List<?>) json.get("findings");
		assertThat(findings).isNotEmpty();
		assertThat(findings).anySatisfy((finding) -> {
			Map<?, ?> entry = (Map<?, ?>) finding;
			assertThat(entry.get("severity")).isEqualTo("WARNING");
			assertThat(entry.get("fix")).isNotNull();
		});
	}

	@Test
	void aChainOutOfOrderIsAnError() throws IOException {
		IssuedCertificate leaf = new CertificateBuilder().subject("CN=chained")
			.uri(TestPki.spiffeId("chained"))
			.issuedBy(this.pki.intermediate())
			.issue();
		Path certificate = Files.writeString(this.directory.resolve("chained.crt"), leaf.certificatePem()
				+ this.pki.root().certificatePem() + this.pki.intermediate().certificatePem());
		Path key = Files.writeString(this.directory.resolve("chained.key"), leaf.privateKeyPem());
		Report report = doctor("--mtls.identity.certificate=file:" + certificate, "--mtls.identity.private-key=file:" + key,
				"--mtls.trust.certificates=file:" + this.ca);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("the chain is out of order: certificate 0 (CN=chained) is not issued by "
				+ "certificate 1 (CN=Test Root CA,O=mtls tests)");
	}

	@Test
	void aKeyUsageWithoutDigitalSignatureIsAnError() {
		Path certificate = this.directory.resolve("encipher.crt");
		Path key = this.directory.resolve("encipher.key");
		Command openssl = Command.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
				"-nodes", "-keyout", key.toString(), "-out", certificate.toString(), "-subj", "/CN=encipher", "-days", "30",
				"-addext", "keyUsage=critical,keyEncipherment", "-addext", "extendedKeyUsage=serverAuth,clientAuth");
		assertThat(openssl.exitCode()).as(openssl.output()).isZero();
		Report report = doctor("--mtls.identity.certificate=file:" + certificate, "--mtls.identity.private-key=file:" + key,
				"--mtls.trust.certificates=file:" + certificate);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("the key usage lacks digitalSignature, which TLS needs");
	}

	@Test
	void aClientOnlyCertificateIsWarnedAboutServerUse() {
		IssuedCertificate clientOnly = new CertificateBuilder().subject("CN=client-only")
			.uri(TestPki.spiffeId("client-only"))
			.clientOnly()
			.issuedBy(this.pki.root())
			.issue();
		Report report = doctor(identity("client-only", clientOnly));
		assertThat(report.exitCode()).as(report.output()).isEqualTo(2);
		assertThat(report.output()).contains("the extended key usage lacks serverAuth");
	}

	@Test
	void aMissingTrustSetIsFound() {
		List<String> arguments = new ArrayList<>(identity("lonely", this.pki.server("lonely")).subList(0, 2));
		arguments.add("--mtls.server.client-auth=none");
		Report report = doctor(arguments);
		assertThat(report.exitCode()).as(report.output()).isEqualTo(2);
		assertThat(report.output()).contains("no trust set: this service cannot verify peers");
	}

	@Test
	void anExpiringIdentityAndAnExpiredCaInTheTrustSetAreFound() {
		IssuedCertificate expiring = new CertificateBuilder().subject("CN=expiring")
			.uri(TestPki.spiffeId("expiring"))
			.validity(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofHours(2)))
			.issuedBy(this.pki.root())
			.issue();
		IssuedCertificate oldCa = new CertificateBuilder().subject("CN=Old CA")
			.authority()
			.validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
			.issue();
		List<String> arguments = new ArrayList<>(identity("expiring", expiring));
		arguments.set(2, "--mtls.trust.certificates=file:" + this.pki.writeCertificates("old-and-root.crt", oldCa, this.pki.root()));
		Report report = doctor(arguments);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).containsPattern("WARNING +identity +CN=expiring expires in [12] h")
			.containsPattern("ERROR +trust +CN=Old CA expired at");
	}

	@Test
	void aNotYetValidIdentityIsAnError() {
		Report report = doctor(identity("early", this.pki.notYetValidClient("early")));
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("subject CN=early").contains("is not valid before").contains("Check this machine's clock");
	}

	@Test
	void anUnreachableServerIsExplained() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Report report = doctor(identity("doctor", this.pki.server("doctor")), "--url=https://localhost:" + closedPort);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("cannot connect").contains("Connection refused");
	}

	@Test
	void aServerWithAnExpiredCertificateFromATrustedCaNeedsRenewingNotTrusting() throws IOException {
		IssuedCertificate expired = new CertificateBuilder().subject("CN=stale")
			.dns("localhost")
			.validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
			.issuedBy(this.pki.root())
			.issue();
		try (BadServer server = BadServer.presenting(expired)) {
			Report report = doctor(identity("doctor", this.pki.server("doctor")), "--url=https://localhost:" + server.port());
			assertThat(report.exitCode()).as(report.output()).isOne();
			assertThat(report.output()).contains("expired at " + expired.certificate().getNotAfter().toInstant())
				.contains("the server must renew it")
				.doesNotContain("Add the server's issuing CA");
		}
		// The twin: a server from another CA is still told to be trusted.
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		IssuedCertificate stranger = new CertificateBuilder().subject("CN=stranger").dns("localhost").issuedBy(otherCa).issue();
		try (BadServer server = BadServer.presenting(stranger)) {
			Report report = doctor(identity("doctor", this.pki.server("doctor")), "--url=https://localhost:" + server.port());
			assertThat(report.output()).contains("Add the server's issuing CA (CN=Other CA)");
		}
	}

	@Test
	void aServerThatAsksForNoClientCertificateIsWarned() throws IOException {
		try (BadServer server = BadServer.presenting(this.pki.server("plain"))) {
			Report report = doctor(identity("doctor", this.pki.server("doctor")), "--url=https://localhost:" + server.port());
			assertThat(report.exitCode()).as(report.output()).isEqualTo(2);
			assertThat(report.output()).contains("the server did not ask for a client certificate");
		}
	}

	@Test
	void aServerThatRefusesTheIdentityAsRevokedIsExplained() throws IOException {
		IssuedCertificate revoked = this.pki.server("revoked");
		Path crl = Files.writeString(this.directory.resolve("root.crl"), TestPki.crl(this.pki.root(), Duration.ofDays(1), revoked));
		try (RunningPeer server = RunningPeer.start(WebApplicationType.SERVLET, this.pki, "server", this.pki.server("server"),
				"--mtls.revocation.mode=crl", "--mtls.revocation.crl-locations=file:" + crl)) {
			Report report = doctor(identity("revoked", revoked), "--url=https://localhost:" + server.port());
			assertThat(report.exitCode()).as(report.output()).isOne();
			// Java servers send certificate_unknown for every refusal; the doctor says where to look.
			assertThat(report.output()).contains("certificate_unknown").contains("--peer=<this identity's certificate>");
		}
	}

	@Test
	void aRevokedIdentityIsAnError() throws IOException {
		IssuedCertificate revoked = this.pki.server("revoked");
		Path crl = Files.writeString(this.directory.resolve("root.crl"), TestPki.crl(this.pki.root(), Duration.ofDays(1), revoked));
		Report report = doctor(identity("revoked", revoked), "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + crl);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("this identity is revoked").contains("Issue this service a new certificate.");
	}

	@Test
	void anIdentityWithoutARevocationAnswerIsWarned() throws IOException {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		Path crl = Files.writeString(this.directory.resolve("other.crl"), TestPki.crl(otherCa, Duration.ofDays(1)));
		Report report = doctor(identity("doctor", this.pki.server("doctor")), "--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + crl);
		assertThat(report.exitCode()).as(report.output()).isEqualTo(2);
		assertThat(report.output()).contains("the revocation status of this identity cannot be established");
	}

	@Test
	void aPeerFileThatIsNotPemIsAnError() throws IOException {
		Path peer = Files.writeString(this.directory.resolve("peer.der"), "not PEM");
		Report report = doctor(identity("doctor", this.pki.server("doctor")), "--peer=" + peer);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("cannot be read as PEM certificates");
	}

	@Test
	void aRequestThePeerMayMakeNamesTheAllowingRuleAndADeniedOneTheDenyingRule() {
		List<String> arguments = new ArrayList<>(identity("doctor", this.pki.server("doctor")));
		arguments.addAll(List.of("--peer=" + this.pki.write("orders", this.pki.client("orders")), GRANT, GRANTED,
				"--mtls.authorization.rules[0].name=orders-write", "--mtls.authorization.rules[0].action=allow",
				"--mtls.authorization.rules[0].peers=" + TestPki.spiffeId("orders"),
				"--mtls.authorization.rules[0].methods=POST", "--mtls.authorization.rules[0].paths=/orders/**",
				"--mtls.authorization.rules[1].name=no-admin", "--mtls.authorization.rules[1].action=deny",
				"--mtls.authorization.rules[1].paths=/admin/**"));
		Report allowed = doctor(arguments, "--request=POST /orders/42");
		assertThat(allowed.exitCode()).as(allowed.output()).isZero();
		assertThat(allowed.output()).contains("POST /orders/42: allowed by rule 'orders-write'");
		Report denied = doctor(arguments, "--request=POST /admin/users");
		assertThat(denied.exitCode()).as(denied.output()).isOne();
		assertThat(denied.output()).contains("POST /admin/users gets 403 Forbidden: denied by rule 'no-admin'")
			.contains("Rule 'no-admin' in mtls.authorization.rules denies it");
		Report unmatched = doctor(arguments, "--request=GET /orders/42");
		assertThat(unmatched.exitCode()).as(unmatched.output()).isOne();
		assertThat(unmatched.output()).contains("GET /orders/42 gets 403 Forbidden: no allow rule matched");
	}

	@Test
	void aDeniedRequestInAuditModeIsAWarningThatItIsServed() {
		List<String> arguments = new ArrayList<>(identity("doctor", this.pki.server("doctor")));
		arguments.addAll(List.of("--peer=" + this.pki.write("orders", this.pki.client("orders")), GRANT, GRANTED,
				"--mtls.authorization.mode=audit", "--mtls.authorization.rules[0].name=no-admin",
				"--mtls.authorization.rules[0].action=deny", "--mtls.authorization.rules[0].paths=/admin/**"));
		Report denied = doctor(arguments, "--request=DELETE /admin/users");
		assertThat(denied.exitCode()).as(denied.output()).isEqualTo(2);
		assertThat(denied.output()).contains("DELETE /admin/users would get 403 Forbidden: denied by rule 'no-admin'")
			.contains("mtls.authorization.mode=audit serves it");
		Report allowed = doctor(arguments, "--request=GET /orders");
		assertThat(allowed.exitCode()).as(allowed.output()).isZero();
		assertThat(allowed.output()).contains("GET /orders: allowed: no allow rules and no deny rule matched");
	}

	@Test
	void anInvalidRuleIsTheStartupFailureTheApplicationWouldHave() {
		Report report = doctor(identity("doctor", this.pki.server("doctor")), "--mtls.authorization.rules[0].name=x",
				"--mtls.authorization.rules[0].action=permit");
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("mtls.authorization.rules[0].action");
	}

	@Test
	void aSpiffeAgentThatDoesNotAnswerIsTheStartupFailureNamingItsSocket() {
		Path socket = this.directory.resolve("agent.sock");
		Report report = doctor("--mtls.identity.spiffe.enabled=true", "--mtls.identity.spiffe.endpoint-socket=unix:" + socket,
				"--mtls.identity.spiffe.initial-fetch-timeout=1s", "--mtls.trust.certificates=file:" + this.ca);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("mtls.identity.spiffe").contains(socket.toString());
	}

	@Test
	void theIdentitySourceIsNamed() {
		Report report = doctor(identity("doctor", this.pki.server("doctor")));
		assertThat(report.output()).contains("INFO     identity   from files");
	}

	@Test
	void anAcmeApplicationWithoutAStoredCertificateIsToldItOrdersOneAndAnUnreachableDirectoryIsAnError()
			throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Report report = doctor("--mtls.identity.acme.directory=http://127.0.0.1:" + closedPort + "/dir",
				"--mtls.identity.acme.storage=" + this.directory.resolve("acme"), "--mtls.trust.certificates=file:" + this.ca);
		assertThat(report.exitCode()).as(report.output()).isOne();
		assertThat(report.output()).contains("no certificate is stored in")
			.contains("cannot be reached")
			.doesNotContain("no identity is configured");
	}

	@Test
	void anAcmeApplicationsStoredCertificateIsCheckedAndAnAnsweringDirectoryIsFine() throws IOException {
		Path storage = Files.createDirectories(this.directory.resolve("acme"));
		Files.copy(this.pki.write("stored", this.pki.server("stored")), storage.resolve("tls.crt"));
		Files.copy(this.pki.key("stored"), storage.resolve("tls.key"));
		HttpServer acme = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		acme.createContext("/dir", (exchange) -> {
			byte[] body = "{\"newOrder\": \"http://127.0.0.1/new-order\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		acme.start();
		try {
			Report report = doctor("--mtls.identity.acme.directory=http://127.0.0.1:" + acme.getAddress().getPort() + "/dir",
					"--mtls.identity.acme.storage=" + storage, "--mtls.trust.certificates=file:" + this.ca);
			assertThat(report.output()).contains("CN=stored").contains("the certificate stored in " + storage)
				.contains("OK       acme       the ACME directory");
			assertThat(report.exitCode()).as(report.output()).isNotEqualTo(1);
		}
		finally {
			acme.stop(0);
		}
	}

	private List<String> identity(String name, IssuedCertificate certificate) {
		Path file = this.pki.write(name, certificate);
		return List.of("--mtls.identity.certificate=file:" + file, "--mtls.identity.private-key=file:" + this.pki.key(name),
				"--mtls.trust.certificates=file:" + this.ca);
	}

	private static Report doctor(List<String> arguments, String... more) {
		List<String> all = new ArrayList<>(arguments);
		all.addAll(List.of(more));
		return doctor(all.toArray(String[]::new));
	}

	private static Report doctor(String... arguments) {
		List<String> command = new ArrayList<>(List.of("doctor"));
		command.addAll(List.of(arguments));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = MtlsTools.run(command.toArray(String[]::new), out, out);
		return new Report(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Report(int exitCode, String output) {

	}

}
