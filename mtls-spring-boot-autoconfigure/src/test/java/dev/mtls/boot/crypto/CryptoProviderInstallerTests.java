package dev.mtls.boot.crypto;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code mtls.crypto.provider} where Amazon Corretto Crypto Provider is not on the class path (as in
 * this test JVM) or cannot be used (a stand-in): {@code auto} keeps the JDK's providers and says
 * why, {@code accp} refuses to start, {@code jdk} never looks; a usable provider goes first, once
 * per JVM. The real ACCP is installed in {@code AccpInstallationTests}, in a JVM of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class CryptoProviderInstallerTests {

	private static final String STAND_IN = "MtlsStandInProvider";

	private final DeferredLogs logs = new DeferredLogs();

	@AfterEach
	void removeStandIn() {
		Security.removeProvider(STAND_IN);
	}

	@Test
	void autoKeepsTheJdkProvidersWhenAccpIsNotOnTheClassPath(CapturedOutput output) {
		apply(new MockEnvironment(), installer(Accp::find));
		assertThat(Security.getProvider(Accp.NAME)).isNull();
		assertThat(output).contains("INFO")
			.contains("mTLS crypto: the JDK's providers serve TLS, mtls.crypto.provider=auto: Amazon Corretto "
					+ "Crypto Provider is not on the class path. ECDSA: SunEC");
	}

	@Test
	void accpRefusesToStartWhenAccpIsNotOnTheClassPath() {
		assertThatExceptionOfType(FailureAnalyzedException.class)
			.isThrownBy(() -> apply(accp(), installer(Accp::find)))
			.withMessage("Invalid mTLS configuration: mtls.crypto.provider 'accp': Amazon Corretto Crypto Provider "
					+ "is not on the class path.")
			.satisfies((ex) -> assertThat(ex.analysis().getAction())
				.contains("software.amazon.cryptools:AmazonCorrettoCryptoProvider")
				.contains("mtls.crypto.provider=auto"));
	}

	@Test
	void accpRefusesToStartWhenSelfTestsFail() {
		CryptoProviderInstaller installer = installer(() -> Accp.broken("failed its self-tests (FAILED)"));
		assertThatExceptionOfType(FailureAnalyzedException.class).isThrownBy(() -> apply(accp(), installer))
			.withMessageEndingWith("Amazon Corretto Crypto Provider failed its self-tests (FAILED).");
	}

	@Test
	void autoWarnsAndKeepsTheJdkProvidersWhenSelfTestsFail(CapturedOutput output) {
		apply(new MockEnvironment(), installer(() -> Accp.broken("failed its self-tests (FAILED)")));
		assertThat(output).contains("WARN")
			.contains("the JDK's providers serve TLS, mtls.crypto.provider=auto: Amazon Corretto Crypto Provider "
					+ "failed its self-tests (FAILED)");
	}

	@Test
	void jdkNeverLooksForAccp(CapturedOutput output) {
		apply(new MockEnvironment().withProperty("mtls.crypto.provider", "jdk"), installer(() -> {
			throw new AssertionError("looked for ACCP");
		}));
		assertThat(output).contains("mTLS crypto: ECDSA: SunEC").contains("(mtls.crypto.provider=jdk)");
	}

	@Test
	void leavesTheJvmAloneWhenMtlsIsOff() {
		apply(accp().withProperty("mtls.enabled", "false"), installer(() -> {
			throw new AssertionError("looked for ACCP");
		}));
	}

	@Test
	void installsAUsableProviderFirstAndOnlyOncePerJvm(CapturedOutput output) {
		Provider standIn = new Provider(STAND_IN, "1.0", "stands in for ACCP") {
		};
		CryptoProviderInstaller installer = installer(() -> Accp.usable(standIn));
		apply(accp(), installer);
		apply(accp(), installer);
		assertThat(Security.getProviders()[0]).isSameAs(standIn);
		assertThat(Arrays.stream(Security.getProviders()).filter((provider) -> provider == standIn)).hasSize(1);
		assertThat(output).containsOnlyOnce("mtls.crypto.provider=accp: installed stands in for ACCP")
			.containsOnlyOnce("mtls.crypto.provider=accp: already installed stands in for ACCP");
	}

	@Test
	void applicationStartPrintsTheFailureAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--mtls.crypto.provider=accp"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("mtls.crypto.provider 'accp': Amazon Corretto Crypto Provider is not on the class path.")
			.contains("Action:");
	}

	private static MockEnvironment accp() {
		return new MockEnvironment().withProperty("mtls.crypto.provider", "accp");
	}

	private CryptoProviderInstaller installer(Supplier<Accp> accp) {
		return new CryptoProviderInstaller(this.logs, accp);
	}

	private void apply(MockEnvironment environment, CryptoProviderInstaller installer) {
		try {
			installer.postProcessEnvironment(environment, new SpringApplication());
		}
		finally {
			this.logs.switchOverAll();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
