package dev.mtls.boot.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.testing.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar as people run it, {@code java -jar target/mtls-tools.jar} after {@code package}:
 * its commands, what it bundles (Bouncy Castle, YAML, Spring Security) and its exit codes.
 */
class MtlsToolsJarIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void helpListsTheCommands() {
		Command help = tools("--help");
		assertThat(help.exitCode()).as(help.output()).isZero();
		assertThat(help.output()).startsWith("Command-line tools of mtls-spring-boot")
			.contains("doctor ", "ca ", "server ", "client ", "csr ", "sign ", "<command> --help");
	}

	@Test
	void aServerCertificateItIssuesIsHealthyToItsDoctorReadingAYamlFile() throws IOException {
		Command server = tools("server", "--name=inventory", "--dir=" + this.directory);
		assertThat(server.exitCode()).as(server.output()).isZero();
		assertThat(server.output()).contains("Issued inventory for server and client use");
		Path yaml = Files.writeString(this.directory.resolve("application.yml"), """
				mtls:
				  identity:
				    certificate: file:%s
				    private-key: file:%s
				  trust:
				    certificates: file:%s
				""".formatted(file("inventory.crt"), file("inventory.key"), file("ca.crt")));
		Command doctor = tools("doctor", "--spring.config.location=file:" + yaml, "--peer=" + file("inventory.crt"));
		assertThat(doctor.output()).contains("the private key matches", "the trust set in service accepts it",
				"principal 'spiffe://dev.mtls.local/ns/dev/sa/inventory' is granted no authority");
		assertThat(doctor.exitCode()).as(doctor.output()).isEqualTo(2);
	}

	@Test
	void aRequestItMakesIsSignedByItsCa() {
		Command csr = tools("csr", "--name=orders", "--dir=" + this.directory);
		assertThat(csr.exitCode()).as(csr.output()).isZero();
		Command sign = tools("sign", "--csr=" + file("orders.csr"), "--client", "--dir=" + this.directory);
		assertThat(sign.exitCode()).as(sign.output()).isZero();
		assertThat(sign.output()).contains("Signed orders.csr for client use", "usage        clientAuth");
		assertThat(this.directory.resolve("orders.crt")).exists();
	}

	@Test
	void aMistakeIsOneLineWithExitCodeOne() {
		Command server = tools("server", "--dir=" + this.directory);
		assertThat(server.exitCode()).isOne();
		assertThat(server.output()).isEqualTo("error: server needs --name, e.g. --name=inventory (for the file names, "
				+ "CN and SPIFFE ID)" + System.lineSeparator());
	}

	@Test
	void theDoctorLeavesServerChecksItCannotMakeToTheApplicationsClassPath() {
		tools("server", "--name=inventory", "--dir=" + this.directory);
		Command doctor = tools("doctor", "--mtls.identity.certificate=file:" + file("inventory.crt"),
				"--mtls.identity.private-key=file:" + file("inventory.key"), "--mtls.trust.certificates=file:" + file("ca.crt"),
				"--spring.main.web-application-type=reactive", "--mtls.server.engine=openssl");
		assertThat(doctor.exitCode()).as(doctor.output()).isZero();
		assertThat(doctor.output()).contains("the server settings are not checked: spring.main.web-application-type=reactive "
				+ "names a server this class path lacks").doesNotContain("Exception");
	}

	private String file(String name) {
		return this.directory.resolve(name).toString();
	}

	private static Command tools(String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", System.getProperty("mtls-tools.jar", "target/mtls-tools.jar")));
		command.addAll(List.of(args));
		return Command.run(command.toArray(String[]::new));
	}

}
