package dev.mtls.boot.doctor;

import java.nio.file.Path;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --debug}, the doctor's checks of the material in service are logged at startup; without
 * it, nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class DoctorStartupReportIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void debugStartupLogsTheDoctorsFindingsOnTheMaterialInService(CapturedOutput output) {
		TestPki pki = new TestPki(this.directory);
		IssuedCertificate newCa = new CertificateBuilder().subject("CN=New CA").authority().issue();
		Path certificate = pki.write("app", pki.server("app"));
		String[] arguments = { "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + pki.key("app"),
				"--mtls.trust.certificates=file:" + pki.writeCertificates("new-ca.crt", newCa) };
		try (RunningPeer quiet = RunningPeer.startWith(WebApplicationType.SERVLET, arguments)) {
			assertThat(output).doesNotContain("mTLS doctor:");
		}
		String[] debug = new String[arguments.length + 2];
		System.arraycopy(arguments, 0, debug, 0, arguments.length);
		debug[arguments.length] = "--debug";
		debug[arguments.length + 1] = "--mtls.reload.enabled=false";
		try (RunningPeer app = RunningPeer.startWith(WebApplicationType.SERVLET, debug)) {
			assertThat(output).contains("mTLS doctor: OK identity: CN=app")
				.contains("mTLS doctor: WARNING trust: the trust set does not contain this identity's own issuer")
				.contains("mTLS doctor: WARNING settings: mtls.reload.enabled=false: rotated certificate files are not picked up")
				.contains("mTLS doctor: INFO crypto: the JDK TLS engine's cryptography (mtls.crypto.provider=auto): ECDSA: SunEC");
		}
	}

}
