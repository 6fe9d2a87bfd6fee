package dev.mtls.boot.attacks;

import java.nio.file.Path;

import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read and POST {@code /actuator/mtls} under the default chain once it is
 * exposed, as the threat model documents: they hold the exposure as it is, not a refusal.
 */
class ActuatorExposureIntegrationTests {

	@TempDir
	Path directory;

	private TestPki pki;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.pki.write("orders", this.pki.client("orders"));
		this.pki.write("stranger", this.pki.selfSignedCopyOf("stranger"));
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void onTheServerPortAnyPeerWithoutAnyAuthorityReadsRefusalsAndReloads(WebApplicationType type) {
		try (AttackedApplication app = AttackedApplication.start(type, this.pki, "app", this.pki.server("app"),
				"--mtls.grants[1].peer=spiffe://nobody/x", "--management.endpoints.web.exposure.include=mtls",
				"--mtls.server.client-auth=want")) {
			Curl.trusting(this.pki).as("stranger").get(app.port(), "/whoami");
			assertThat(Curl.trusting(this.pki).as("orders").get(app.port(), "/actuator/mtls")).startsWith("200 ")
				.contains("CN=stranger");
			assertThat(Curl.trusting(this.pki).as("orders").method("POST").get(app.port(), "/actuator/mtls"))
				.startsWith("200 ")
				.contains("unchanged");
			assertThat(Curl.trusting(this.pki).get(app.port(), "/actuator/mtls")).startsWith("401 ");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void onTheManagementPortAnyoneReadsRefusalsAndReloads(WebApplicationType type) {
		try (AttackedApplication app = AttackedApplication.start(type, this.pki, "app", this.pki.server("app"),
				"--management.server.port=0", "--management.endpoints.web.exposure.include=mtls",
				"--mtls.server.client-auth=want", "--spring.main.allow-bean-definition-overriding=true")) {
			Curl.trusting(this.pki).as("stranger").get(app.port(), "/whoami");
			assertThat(Curl.trusting(this.pki).plainGet(app.managementPort(), "/actuator/mtls")).startsWith("200 ")
				.contains("CN=stranger");
			assertThat(Curl.trusting(this.pki).method("POST").plainGet(app.managementPort(), "/actuator/mtls"))
				.startsWith("200 ");
		}
	}

}
