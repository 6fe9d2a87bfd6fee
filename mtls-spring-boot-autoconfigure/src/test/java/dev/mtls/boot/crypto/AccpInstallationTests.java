package dev.mtls.boot.crypto;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With Amazon Corretto Crypto Provider on the class path, {@code mtls.crypto.provider=accp} and
 * {@code auto} (the default) install it first, once per JVM however many applications start, and it
 * then serves ECDSA, ECDH and AES-GCM; ACCP 2.5 has no X25519, which stays with SunEC. Runs in a JVM
 * of its own (the autoconfigure pom's {@code accp} executions): the provider order is JVM-wide.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccpInstallationTests {

	// -Dtest=... overrides the executions' includes: elsewhere than in the accp executions ACCP is absent.
	@BeforeAll
	static void accpOnTheClassPath() {
		assumeTrue(Accp.find().present(), "Amazon Corretto Crypto Provider is on this JVM's class path");
	}

	// One test: which start installs ACCP depends on what ran before in this JVM.
	@Test
	void installsAccpFirstOncePerJvmWhereItLoadsAndPassesItsSelfTests(CapturedOutput output) {
		Accp accp = Accp.find();
		assertThat(accp.unusable()).isNull();
		assertThat(accp.provider()).isNotNull();
		boolean installedBefore = Security.getProvider(Accp.NAME) != null;
		start("--mtls.crypto.provider=accp").close();
		start().close();
		Provider[] providers = Security.getProviders();
		assertThat(providers[0].getName()).isEqualTo(Accp.NAME);
		assertThat(Arrays.stream(providers).filter((provider) -> provider.getName().equals(Accp.NAME))).hasSize(1);
		assertThat(output).contains("(mtls.crypto.provider=accp: " + (installedBefore ? "already installed" : "installed")
				+ " AmazonCorrettoCryptoProvider 2.5.0")
			.containsOnlyOnce("(mtls.crypto.provider=auto: already installed AmazonCorrettoCryptoProvider 2.5.0");
		assertThat(CryptoServices.inService()).containsEntry("ECDSA", "AmazonCorrettoCryptoProvider 2.5.0")
			.containsEntry("ECDH", "AmazonCorrettoCryptoProvider 2.5.0")
			.containsEntry("AES-GCM", "AmazonCorrettoCryptoProvider 2.5.0")
			.containsEntry("XDH", "SunEC " + System.getProperty("java.specification.version"));
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(arguments);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
