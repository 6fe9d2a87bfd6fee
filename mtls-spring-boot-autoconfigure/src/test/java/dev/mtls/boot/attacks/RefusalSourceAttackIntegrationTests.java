package dev.mtls.boot.attacks;

import java.nio.file.Path;
import java.util.List;

import dev.mtls.boot.core.Refusal;
import dev.mtls.boot.endpoint.MtlsEndpoint;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: the refusal log admits a few distinct refusals per source host per period. One host
 * that invents certificates must not silence another host's refusal.
 */
class RefusalSourceAttackIntegrationTests {

	@TempDir
	Path directory;

	private TestPki pki;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		for (int i = 0; i < 7; i++) {
			this.pki.write("invented-" + i, this.pki.selfSignedCopyOf("invented-" + i));
		}
		this.pki.write("victim", this.pki.selfSignedCopyOf("late-victim"));
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void oneHostInventingCertificatesDoesNotHideAnotherHostsRefusal(WebApplicationType type) {
		try (AttackedApplication app = AttackedApplication.start(type, this.pki, "app", this.pki.server("app"),
				"--management.endpoints.web.exposure.include=mtls")) {
			for (int i = 0; i < 7; i++) {
				Curl.trusting(this.pki).as("invented-" + i).from("127.0.0.3").get(app.port(), "/whoami");
			}
			Curl.trusting(this.pki).as("victim").from("127.0.0.4").get(app.port(), "/whoami");
			List<Refusal> refusals = app.context().getBean(MtlsEndpoint.class).mtls().refusals();
			// Before the fix the other host's refusal was folded into the first host's "more" entry.
			assertThat(refusals).as(refusals.toString())
				.anySatisfy((refusal) -> assertThat(refusal.subject()).isEqualTo("CN=late-victim"));
		}
	}

}
