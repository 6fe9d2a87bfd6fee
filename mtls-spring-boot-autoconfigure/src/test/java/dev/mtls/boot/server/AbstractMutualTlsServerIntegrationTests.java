package dev.mtls.boot.server;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Command;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Real handshakes against a real embedded server on a random port, written once and run on
 * Tomcat and on Reactor Netty. Each refused case has an accepted twin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractMutualTlsServerIntegrationTests {

	TestPki pki;

	RunningPeer need;

	private RunningPeer want;

	abstract WebApplicationType webApplicationType();

	/**
	 * Extra arguments for both servers, e.g. the TLS engine.
	 */
	String[] serverArguments() {
		return new String[0];
	}

	@BeforeAll
	void startServers(@TempDir Path directory) {
		this.pki = new TestPki(directory);
		this.need = RunningPeer.start(webApplicationType(), this.pki, "need", this.pki.server("server"),
				arguments("--test.custom-chain=true"));
		this.want = RunningPeer.start(webApplicationType(), this.pki, "want", this.pki.server("server"),
				arguments("--test.custom-chain=true", "--mtls.server.client-auth=want"));
	}

	private String[] arguments(String... arguments) {
		return Stream.concat(Stream.of(arguments), Stream.of(serverArguments())).toArray(String[]::new);
	}

	@AfterAll
	void stopServers() {
		this.need.close();
		this.want.close();
	}

	@Test
	void acceptsClientWithValidCertificate() throws Exception {
		HttpResponse<String> response = as(this.pki.client("orders")).get(this.need.port(), "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"principal\":\"" + TestPki.spiffeId("orders") + "\"")
			.contains("SCOPE_read")
			.doesNotContain("SCOPE_admin");
	}

	@Test
	void refusesClientWithoutCertificate() {
		assertRefused(TlsClient.anonymous(this.pki.root()));
	}

	@Test
	void refusesCertificateFromUntrustedCa(CapturedOutput output) {
		IssuedCertificate otherCa = new CertificateBuilder().subject("CN=Other CA").authority().issue();
		assertRefused(as(this.pki.client("untrusted", otherCa)));
		assertThat(output).contains("mTLS server refused client certificate")
			.contains("subject=\"CN=untrusted\" issuer=\"CN=Other CA\"")
			.contains("reason=untrusted");
	}

	@Test
	void refusesExpiredCertificate() {
		assertRefused(as(this.pki.expiredClient("orders")));
	}

	@Test
	void refusesNotYetValidCertificate() {
		assertRefused(as(this.pki.notYetValidClient("orders")));
	}

	@Test
	void refusesSelfSignedCopyOfValidSubject() {
		assertRefused(as(this.pki.selfSignedCopyOf("orders")));
	}

	@Test
	void refusesCertificateWithoutClientAuthExtendedKeyUsage(CapturedOutput output) {
		assertRefused(as(this.pki.serverOnlyClient("server-only")));
		assertThat(output).contains("subject=\"CN=server-only\"").contains("reason=bad-usage");
	}

	@Test
	void acceptsChainThroughIntermediateSentByClient() throws Exception {
		IssuedCertificate client = this.pki.client("orders", this.pki.intermediate());
		assertThat(client.chain()).hasSize(2);
		HttpResponse<String> response = as(client).get(this.need.port(), "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(TestPki.spiffeId("orders"));
	}

	@Test
	void injectsPeerPrincipalWithItsCertificate() throws Exception {
		IssuedCertificate client = this.pki.client("orders");
		HttpResponse<String> response = as(client).get(this.need.port(), "/peer");
		assertThat(response.body())
			.isEqualTo(TestPki.spiffeId("orders") + " " + client.certificate().getSerialNumber().toString(16));
	}

	@Test
	void answersPeerLackingAuthorityWith403() throws Exception {
		HttpResponse<String> response = as(this.pki.client("orders")).get(this.need.port(), "/admin");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains(TestPki.spiffeId("orders"));
		if (webApplicationType() == WebApplicationType.SERVLET) {
			// Security's reactive authorization filter does not pass on which authorities it wanted.
			assertThat(response.body()).contains("(needs one of: SCOPE_admin; it has: SCOPE_read)");
		}
	}

	@Test
	void letsPeerWithGrantedAuthorityIn() throws Exception {
		HttpResponse<String> response = as(this.pki.client("admin-console")).get(this.need.port(), "/admin");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("admin");
	}

	@Test
	void answersRequestWithoutCertificateWith401WhenClientAuthIsWant() throws Exception {
		HttpResponse<String> response = TlsClient.anonymous(this.pki.root()).get(this.want.port(), "/whoami");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("client certificate is required");
	}

	@Test
	void authenticatesCertificateWhenClientAuthIsWant() throws Exception {
		HttpResponse<String> response = as(this.pki.client("orders")).get(this.want.port(), "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(TestPki.spiffeId("orders"));
	}

	@Test
	void curlWithClientCertificateIsServed() {
		Path certificate = this.pki.write("curl", this.pki.client("curl-user"));
		Command curl = Command.run("curl", "-sS", "--cacert", this.pki.writeCertificates("curl-ca.crt", this.pki.root()).toString(),
				"--cert", certificate.toString(), "--key", this.pki.key("curl").toString(),
				"https://localhost:" + this.need.port() + "/whoami");
		assertThat(curl.exitCode()).as(curl.output()).isZero();
		assertThat(curl.output()).contains(TestPki.spiffeId("curl-user"));
	}

	@Test
	void curlWithoutClientCertificateIsRefused() {
		Command curl = Command.run("curl", "-sS", "--cacert",
				this.pki.writeCertificates("curl-ca.crt", this.pki.root()).toString(),
				"https://localhost:" + this.need.port() + "/whoami");
		assertThat(curl.exitCode()).as(curl.output()).isNotZero();
	}

	@Test
	void opensslSeesTls13AndTheServerIdentity() {
		Command openssl = Command.run("sh", "-c", "openssl s_client -connect localhost:" + this.need.port()
				+ " -servername localhost -brief </dev/null");
		assertThat(openssl.output()).contains("TLSv1.3").contains("CN = server");
	}

	@Test
	void acceptsTls12WithClientCertificate() {
		Path certificate = this.pki.write("tls12", this.pki.client("tls12-user"));
		Command openssl = Command.run("sh", "-c", "openssl s_client -connect localhost:" + this.need.port()
				+ " -tls1_2 -brief -cert " + certificate + " -key " + this.pki.key("tls12") + " </dev/null");
		assertThat(openssl.output()).contains("Protocol version: TLSv1.2");
	}

	@Test
	void refusesTls11() {
		// SECLEVEL=0 lets openssl offer TLS 1.1, so the refusal seen is the server's.
		Command openssl = Command.run("sh", "-c", "openssl s_client -connect localhost:" + this.need.port()
				+ " -tls1_1 -cipher DEFAULT@SECLEVEL=0 -brief </dev/null");
		assertThat(openssl.exitCode()).as(openssl.output()).isNotZero();
		assertThat(openssl.output()).contains("alert protocol version");
	}

	TlsClient as(IssuedCertificate client) {
		return TlsClient.presenting(client, this.pki.root());
	}

	void assertRefused(TlsClient client) {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> client.get(this.need.port(), "/whoami"));
	}

}
