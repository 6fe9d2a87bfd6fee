package dev.mtls.boot.tools.doctor;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.WorkloadApiServer;
import dev.mtls.boot.testing.Tools;
import dev.mtls.boot.tools.MtlsTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor names the cause of every row of the troubleshooting table ({@code docs/troubleshooting.md}):
 * each row has a broken setup made here, and the doctor's output for it must contain the words that name
 * the cause. A row added to the table without a setup here fails
 * {@link #everyTroubleshootingRowHasABrokenSetup()}.
 * Missing optional libraries are tested in a child JVM whose class path leaves them out.
 */
class DoctorTroubleshootingIntegrationTests {

	@TempDir
	static Path directory;

	private static TestPki pki;

	private static IssuedCertificate otherCa;

	private static RunningPeer server;

	private static RunningPeer wrongHostServer;

	@BeforeAll
	static void servers() {
		pki = new TestPki(directory);
		otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		server = RunningPeer.start(WebApplicationType.SERVLET, pki, "server", pki.server("server"));
		IssuedCertificate elsewhere = new CertificateBuilder().subject("CN=elsewhere")
			.dns("elsewhere.example")
			.issuedBy(pki.root())
			.issue();
		wrongHostServer = RunningPeer.start(WebApplicationType.REACTIVE, pki, "elsewhere", elsewhere);
	}

	@AfterAll
	static void stop() {
		server.close();
		wrongHostServer.close();
	}

	/**
	 * The broken setups, by a piece of the "Error seen" cell of the row they explain.
	 */
	static Map<String, BrokenSetup> setups() {
		Map<String, BrokenSetup> setups = new LinkedHashMap<>();
		setups.put("no identity is configured.", doctor("no identity is configured",
				() -> List.of("--mtls.trust.certificates=file:" + ca())));
		setups.put("the file does not exist.", doctor("the file does not exist", () -> List.of(
				"--mtls.identity.certificate=file:" + directory.resolve("nope.crt"),
				"--mtls.identity.private-key=file:" + directory.resolve("nope.key"))));
		setups.put("the file cannot be read", doctor("the file cannot be read",
				() -> withIdentityFiles("file:" + directory, "file:" + pki.key("doctor"))));
		setups.put("it is not valid PEM", doctor("mtls.identity.certificate",
				() -> withIdentityFiles("file:" + write("garbage.crt", "not a certificate\n"), "file:" + pki.key("doctor"))));
		setups.put("the private key cannot be read", doctor("the private key cannot be read",
				() -> withIdentityFiles("file:" + identity("doctor"), "file:" + encryptedKey())));
		setups.put("does not match the certificate in mtls.identity.certificate", doctor("does not match the certificate",
				() -> withIdentityFiles("file:" + identity("doctor"), "file:" + keyOf("other"))));
		setups.put("the chain is out of order", doctor("the chain is out of order: certificate 0 (CN=chained)",
				() -> withIdentityFiles("file:" + unorderedChain(), "file:" + pki.key("chained"))));
		setups.put("the password is wrong.", doctor("the password is wrong",
				() -> List.of("--mtls.identity.keystore.location=file:" + keyStore("one.p12", "one"),
						"--mtls.identity.keystore.password=wrong", "--mtls.trust.certificates=file:" + ca())));
		setups.put("is ambiguous", doctor("is ambiguous",
				() -> List.of("--mtls.identity.keystore.location=file:" + keyStore("two.p12", "one", "two"),
						"--mtls.identity.keystore.password=secret", "--mtls.trust.certificates=file:" + ca())));
		setups.put("no trust set is configured", doctor("no trust set is configured",
				() -> List.of("--mtls.identity.certificate=file:" + identity("doctor"),
						"--mtls.identity.private-key=file:" + pki.key("doctor"), "--spring.main.web-application-type=servlet")));
		setups.put("the pattern is malformed", doctor("mtls.grants[0].peer '***': the pattern is malformed",
				() -> healthy("--mtls.grants[0].peer=***", "--mtls.grants[0].authorities=SCOPE_x")));
		setups.put("no SSL bundle has this name", doctor("no SSL bundle has this name",
				() -> List.of("--mtls.bundle=missing")));
		setups.put("(56)", doctor("the server's list does not include this identity's issuer (CN=Other CA)",
				() -> List.of("--mtls.identity.certificate=file:" + pki.write("stranger", pki.client("stranger", otherCa)),
						"--mtls.identity.private-key=file:" + pki.key("stranger"),
						"--mtls.trust.certificates=file:" + pki.writeCertificates("both.crt", pki.root(), otherCa),
						"--url=https://localhost:" + server.port())));
		setups.put("reason=untrusted", peer("reason=untrusted", () -> pki.client("stranger", otherCa)));
		setups.put("reason=expired", peer("reason=expired", () -> pki.expiredClient("late")));
		setups.put("reason=bad-usage", peer("reason=bad-usage", () -> pki.serverOnlyClient("server-only")));
		setups.put("mTLS client refused server certificate", doctor("No subject alternative DNS name matching localhost",
				() -> healthy("--url=https://localhost:" + wrongHostServer.port())));
		setups.put("(60)", doctor("the trust set does not accept the server certificate", DoctorTroubleshootingIntegrationTests::trustingOtherCa));
		setups.put("Java client: `PKIX path building failed", doctor("PKIX path building failed", DoctorTroubleshootingIntegrationTests::trustingOtherCa));
		setups.put("Java client: `No subject alternative DNS name", doctor("No subject alternative DNS name matching localhost",
				() -> healthy("--url=https://localhost:" + wrongHostServer.port())));
		setups.put("a client certificate is required", doctor("get '401 Unauthorized: a client certificate is required'",
				() -> healthy("--mtls.server.client-auth=want", "--spring.main.web-application-type=servlet")).mayPass());
		setups.put("which mtls.principal", doctor("has no DNS subject alternative name, which mtls.principal=san-dns requires",
				() -> healthy("--mtls.principal=san-dns", "--peer=" + pki.write("orders", pki.client("orders")))));
		setups.put("403 Forbidden", doctor("principal 'spiffe://test.example/ns/test/sa/orders' is granted no authority",
				() -> healthy("--peer=" + pki.write("orders", pki.client("orders")))));
		setups.put("denied by rule '<name>'", doctor("POST /admin gets 403 Forbidden: denied by rule 'no-admin'",
				() -> healthy("--peer=" + pki.write("orders", pki.client("orders")), "--request=POST /admin",
						"--mtls.authorization.rules[0].name=no-admin", "--mtls.authorization.rules[0].action=deny",
						"--mtls.authorization.rules[0].paths=/admin/**")));
		setups.put("no allow rule matched", doctor("GET /orders gets 403 Forbidden: no allow rule matched",
				() -> healthy("--peer=" + pki.write("orders", pki.client("orders")), "--request=GET /orders",
						"--mtls.authorization.rules[0].name=writers", "--mtls.authorization.rules[0].action=allow",
						"--mtls.authorization.rules[0].methods=POST")));
		setups.put("mtls.authorization.rules[…]", doctor("mtls.authorization.rules[0].action 'permit'",
				() -> healthy("--mtls.authorization.rules[0].name=x", "--mtls.authorization.rules[0].action=permit")));
		setups.put("mTLS reload refused", doctor("Invalid mTLS configuration: mtls.identity.certificate",
				() -> withIdentityFiles("file:" + halfWritten(), "file:" + pki.key("doctor"))));
		setups.put("Rotated certificate not picked up", doctor("rotated certificate files are not picked up",
				() -> healthy("--mtls.reload.enabled=false")));
		setups.put("reason=revoked", doctor("reason=revoked", () -> {
			IssuedCertificate revoked = pki.client("revoked");
			return healthy("--mtls.revocation.mode=crl",
					"--mtls.revocation.crl-locations=file:" + write("root.crl", TestPki.crl(pki.root(), Duration.ofDays(1), revoked)),
					"--peer=" + pki.write("revoked", revoked));
		}));
		setups.put("Revocation status unknown", doctor("Revocation status unknown", () -> healthy("--mtls.revocation.mode=crl",
				"--mtls.revocation.crl-locations=file:" + write("other.crl", TestPki.crl(otherCa, Duration.ofDays(1))),
				"--peer=" + pki.write("orders", pki.client("orders")))));
		setups.put("HTTP `401 … not trusted by the current trust set`", peer("this server refuses it in the handshake: reason=untrusted",
				() -> pki.client("stranger", otherCa)));
		setups.put("Kubernetes probes fail", doctor("Actuator shares the mTLS application port",
				() -> healthy("--spring.main.web-application-type=servlet", "--spring.main.cloud-platform=kubernetes")));
		setups.put("OpenSSL is not available to Netty", childJvm("OpenSSL is not available to Netty", "netty-tcnative",
				"--spring.main.web-application-type=reactive", "--mtls.server.engine=openssl"));
		setups.put("Tomcat's OpenSSL engine comes from Netty", childJvm("Tomcat's OpenSSL engine comes from Netty", "netty",
				"--spring.main.web-application-type=servlet", "--mtls.server.engine=openssl"));
		setups.put("HTTP/2 (server.http2.enabled)", doctor("HTTP/2 (server.http2.enabled) is not supported on Tomcat",
				() -> healthy("--spring.main.web-application-type=servlet", "--mtls.server.engine=openssl",
						"--server.http2.enabled=true")));
		setups.put("no proxy is trusted", doctor("no proxy is trusted", () -> healthy("--mtls.proxy.enabled=true")));
		setups.put("it is not an IP address or CIDR", doctor("'proxy.internal': it is not an IP address or CIDR",
				() -> healthy("--mtls.proxy.enabled=true", "--mtls.proxy.trusted-proxies=proxy.internal")));
		setups.put("mTLS ignored forwarded client certificate header", doctor("are accepted only from addresses 10.0.0.0/8",
				() -> healthy("--mtls.proxy.enabled=true", "--mtls.proxy.trusted-proxies=10.0.0.0/8")).mayPass());
		setups.put("400 Bad Request: forwarded client certificate header", doctor("The value is valid pem-url-encoded",
				() -> healthy("--mtls.proxy.enabled=true", "--mtls.proxy.trusted-proxies=10.0.0.0/8",
						"--mtls.proxy.format=der-base64", "--forwarded=" + escapedPem(pki.client("orders")))));
		setups.put("behind a proxy", doctor("reason=untrusted",
				() -> healthy("--mtls.proxy.enabled=true", "--mtls.proxy.trusted-proxies=10.0.0.0/8",
						"--mtls.proxy.format=pem-url-encoded", "--forwarded=" + escapedPem(pki.client("stranger", otherCa)))));
		setups.put("Bouncy Castle's JSSE provider is not on the classpath", childJvm(
				"Bouncy Castle's JSSE provider is not on the classpath", "bctls", "--spring.main.web-application-type=servlet",
				"--mtls.server.engine=bouncycastle"));
		setups.put("mtls.crypto.provider 'accp': Amazon Corretto Crypto Provider is not on the class path", childJvm(
				"mtls.crypto.provider 'accp': Amazon Corretto Crypto Provider is not on the class path",
				"AmazonCorrettoCryptoProvider", "--mtls.crypto.provider=accp"));
		setups.put("no X.509-SVID arrived", doctor("no X.509-SVID arrived from the SPIFFE Workload API",
				() -> spiffe(directory.resolve("no-agent.sock").toString())));
		setups.put("java-spiffe-core is not on the class path", childJvm("java-spiffe-core is not on the class path",
				"java-spiffe-core", false, spiffe(directory.resolve("no-agent.sock").toString())));
		setups.put("is not issued by a CA of its own trust domain", new BrokenSetup(
				"is not issued by a CA of its own trust domain", false, DoctorTroubleshootingIntegrationTests::impostor));
		return setups;
	}

	private static List<String> spiffe(String socket) {
		return List.of("--mtls.identity.spiffe.enabled=true", "--mtls.identity.spiffe.endpoint-socket=unix:" + socket,
				"--mtls.identity.spiffe.initial-fetch-timeout=1s");
	}

	// A partner trust domain's CA, federated, vouching for an ID of this workload's own trust domain.
	private static Report impostor() {
		Path socket = directory.resolve("agent.sock");
		try (WorkloadApiServer agent = WorkloadApiServer.start(socket)) {
			agent.issue(TestPki.spiffeId("doctor"), pki.server("doctor"), pki.root().certificate());
			agent.federate("partner.example", otherCa.certificate());
			List<String> command = new ArrayList<>(List.of("doctor"));
			command.addAll(spiffe(socket.toString()));
			command.add("--peer=" + pki.write("impostor", pki.client("impostor", otherCa)));
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
			int exitCode = MtlsTools.run(command.toArray(String[]::new), out, out);
			return new Report(exitCode, bytes.toString(StandardCharsets.UTF_8));
		}
	}

	@Test
	void everyTroubleshootingRowHasABrokenSetup() throws IOException {
		List<String> rows = troubleshootingRows();
		assertThat(rows).hasSizeGreaterThan(30);
		for (String row : rows) {
			assertThat(setups().keySet()).as("a broken setup for the troubleshooting row %s", row)
				.anyMatch(row::contains);
		}
		for (String key : setups().keySet()) {
			assertThat(rows).as("the troubleshooting row of the setup '%s'", key).anyMatch((row) -> row.contains(key));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setupNames")
	void theDoctorNamesTheCause(String row) {
		BrokenSetup setup = setups().get(row);
		Report report = setup.run();
		assertThat(report.output()).as(report.output()).contains(setup.expected());
		if (!setup.informational()) {
			assertThat(report.exitCode()).as(report.output()).isNotZero();
		}
	}

	// The other cause of the "not picked up" row: Kubernetes' subPath mounts a single file, which
	// it never updates. A bind mount of one file in a private mount namespace is the same thing.
	@Test
	void aCertificateMountedAsASingleFileIsWarnedAbout() throws IOException {
		Tools.requireRoot("a bind mount");
		Tools.require("unshare", "mount");
		Path mounted = identity("mounted");
		Path secret = Files.copy(mounted, directory.resolve("secret-tls.crt"));
		List<String> doctor = new ArrayList<>(doctorCommand(null));
		doctor.addAll(List.of("--mtls.identity.certificate=file:" + mounted, "--mtls.identity.private-key=file:" + pki.key("mounted"),
				"--mtls.trust.certificates=file:" + ca()));
		String script = "mount --bind \"$0\" \"$1\" && shift && exec \"$@\"";
		List<String> command = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c", script, secret.toString(), mounted.toString()));
		command.addAll(doctor);
		Command result = Command.run(command.toArray(String[]::new));
		assertThat(result.output()).as(result.output())
			.contains(mounted + " is mounted as a single file (a Kubernetes subPath mount)");
		assertThat(result.exitCode()).isEqualTo(2);
		Command unmounted = Command.run(doctor.toArray(String[]::new));
		assertThat(unmounted.output()).as(unmounted.output()).doesNotContain("mounted as a single file");
	}

	static Stream<String> setupNames() {
		return setups().keySet().stream();
	}

	private static List<String> troubleshootingRows() throws IOException {
		String page = Files.readString(Path.of("..", "docs", "troubleshooting.md"));
		return page.lines()
			.filter((line) -> line.startsWith("| ") && !line.startsWith("| Error seen"))
			.map((line) -> line.substring(2, line.indexOf(" | ")))
			.toList();
	}

	private static List<String> healthy(String... more) {
		List<String> arguments = new ArrayList<>(List.of("--mtls.identity.certificate=file:" + identity("doctor"),
				"--mtls.identity.private-key=file:" + pki.key("doctor"), "--mtls.trust.certificates=file:" + ca()));
		arguments.addAll(List.of(more));
		return arguments;
	}

	private static List<String> withIdentityFiles(String certificate, String key) {
		return List.of("--mtls.identity.certificate=" + certificate, "--mtls.identity.private-key=" + key,
				"--mtls.trust.certificates=file:" + ca());
	}

	private static List<String> trustingOtherCa() {
		List<String> arguments = new ArrayList<>(healthy("--url=https://localhost:" + server.port()));
		arguments.set(2, "--mtls.trust.certificates=file:" + pki.writeCertificates("other-ca.crt", otherCa));
		return arguments;
	}

	private static Path ca() {
		return pki.writeCertificates("ca.crt", pki.root());
	}

	private static Path identity(String name) {
		Path file = directory.resolve(name + ".crt");
		return Files.exists(file) ? file : pki.write(name, pki.server(name));
	}

	private static Path keyOf(String name) {
		identity(name);
		return pki.key(name);
	}

	private static Path write(String name, String text) {
		try {
			return Files.writeString(directory.resolve(name), text);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// The leaf, then the root, then the intermediate that issued the leaf.
	private static Path unorderedChain() {
		IssuedCertificate leaf = new CertificateBuilder().subject("CN=chained").issuedBy(pki.intermediate()).issue();
		write("chained.key", leaf.privateKeyPem());
		return write("chained.crt", leaf.certificatePem() + pki.root().certificatePem() + pki.intermediate().certificatePem());
	}

	private static Path halfWritten() {
		String pem = pki.server("half").chainPem();
		return write("half.crt", pem.substring(0, pem.length() / 2));
	}

	private static Path encryptedKey() {
		Path encrypted = directory.resolve("encrypted.key");
		Command command = Command.run("openssl", "pkcs8", "-topk8", "-in", keyOf("doctor").toString(), "-out",
				encrypted.toString(), "-passout", "pass:secret");
		assertThat(command.exitCode()).as(command.output()).isZero();
		return encrypted;
	}

	private static Path keyStore(String name, String... aliases) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			for (String alias : aliases) {
				IssuedCertificate certificate = pki.server(alias);
				store.setKeyEntry(alias, certificate.privateKey(), "secret".toCharArray(),
						certificate.chain().toArray(Certificate[]::new));
			}
			Path file = directory.resolve(name);
			try (var out = Files.newOutputStream(file)) {
				store.store(out, "secret".toCharArray());
			}
			return file;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	// As nginx's $ssl_client_escaped_cert: spaces and line breaks escaped.
	private static String escapedPem(IssuedCertificate certificate) {
		return URLEncoder.encode(certificate.certificatePem(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static BrokenSetup doctor(String expected, Supplier<List<String>> arguments) {
		return new BrokenSetup(expected, false, () -> {
			List<String> command = new ArrayList<>(List.of("doctor"));
			command.addAll(arguments.get());
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
			int exitCode = MtlsTools.run(command.toArray(String[]::new), out, out);
			return new Report(exitCode, bytes.toString(StandardCharsets.UTF_8));
		});
	}

	private static BrokenSetup peer(String expected, Supplier<IssuedCertificate> peer) {
		return doctor(expected, () -> healthy("--peer=" + pki.write("peer", peer.get())));
	}

	// The doctor in its own JVM, with every jar whose name contains 'without' left off the class path.
	private static BrokenSetup childJvm(String expected, String without, String... arguments) {
		return childJvm(expected, without, true, List.of(arguments));
	}

	private static BrokenSetup childJvm(String expected, String without, boolean withIdentityFiles,
			List<String> arguments) {
		return new BrokenSetup(expected, false, () -> {
			List<String> command = new ArrayList<>(doctorCommand(without));
			command.addAll(withIdentityFiles ? healthy(arguments.toArray(String[]::new)) : arguments);
			Command result = Command.run(command.toArray(String[]::new));
			return new Report(result.exitCode(), result.output());
		});
	}

	private static List<String> doctorCommand(String without) {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String filtered = Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> without == null || !Path.of(entry).getFileName().toString().contains(without))
			.collect(Collectors.joining(File.pathSeparator));
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", filtered,
				MtlsTools.class.getName(), "doctor");
	}

	/**
	 * A broken setup and the words the doctor must find for it; an informational one explains a
	 * behaviour that may be intended, so the doctor need not fail.
	 */
	record BrokenSetup(String expected, boolean informational, Supplier<Report> runner) {

		Report run() {
			return this.runner.get();
		}

		BrokenSetup mayPass() {
			return new BrokenSetup(this.expected, true, this.runner);
		}

	}

	record Report(int exitCode, String output) {

	}

}
