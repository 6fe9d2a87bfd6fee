package dev.mtls.boot.doctor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
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
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int exitCode = Doctor.run(arguments, new PrintStream(bytes, true, StandardCharsets.UTF_8));
		return new Report(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Report(int exitCode, String output) {

	}

}
