package dev.mtls.boot.core;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A real application start with a wrong path prints Spring Boot's failure analysis, not a stack
 * trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalysisTests {

	@Test
	void printsFailureAnalysisNamingPropertyFileAndFix(@TempDir Path directory, CapturedOutput output) {
		String missing = directory.resolve("tls.crt").toString();
		SpringApplication application = new SpringApplication(Minimal.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--mtls.identity.certificate=file:" + missing,
				"--mtls.identity.private-key=file:" + directory.resolve("tls.key")));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid mTLS configuration: mtls.identity.certificate 'file:" + missing
					+ "': the file does not exist.")
			.contains("Action:")
			.contains("Point mtls.identity.certificate at an existing file");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, MtlsAutoConfiguration.class })
	static class Minimal {

	}

}
