package dev.mtls.boot.revocation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK's OCSP and CRL network timeouts follow {@code mtls.revocation.timeout} when revocation is
 * on, unless the JVM was started with them.
 */
class JdkRevocationTimeoutsTests {

	private String ocsp;

	private String crl;

	@BeforeEach
	void remember() {
		this.ocsp = System.clearProperty(JdkRevocationTimeouts.OCSP_TIMEOUT);
		this.crl = System.clearProperty(JdkRevocationTimeouts.CRL_TIMEOUT);
	}

	@AfterEach
	void restore() {
		restore(JdkRevocationTimeouts.OCSP_TIMEOUT, this.ocsp);
		restore(JdkRevocationTimeouts.CRL_TIMEOUT, this.crl);
	}

	@Test
	void boundsTheJdkTimeoutsInWholeSecondsWhenRevocationIsOn() {
		apply(new MockEnvironment().withProperty("mtls.revocation.mode", "ocsp")
			.withProperty("mtls.revocation.timeout", "3500ms"));
		assertThat(System.getProperty(JdkRevocationTimeouts.OCSP_TIMEOUT)).isEqualTo("4");
		assertThat(System.getProperty(JdkRevocationTimeouts.CRL_TIMEOUT)).isEqualTo("4");
	}

	@Test
	void keepsWhatTheJvmWasStartedWith() {
		System.setProperty(JdkRevocationTimeouts.OCSP_TIMEOUT, "9");
		apply(new MockEnvironment().withProperty("mtls.revocation.mode", "crl"));
		assertThat(System.getProperty(JdkRevocationTimeouts.OCSP_TIMEOUT)).isEqualTo("9");
		assertThat(System.getProperty(JdkRevocationTimeouts.CRL_TIMEOUT)).isEqualTo("2");
	}

	@Test
	void leavesTheJvmAloneWithoutRevocation() {
		apply(new MockEnvironment());
		apply(new MockEnvironment().withProperty("mtls.revocation.mode", "ocsp").withProperty("mtls.enabled", "false"));
		assertThat(System.getProperty(JdkRevocationTimeouts.OCSP_TIMEOUT)).isNull();
		assertThat(System.getProperty(JdkRevocationTimeouts.CRL_TIMEOUT)).isNull();
	}

	private static void apply(MockEnvironment environment) {
		new JdkRevocationTimeouts(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
	}

	private static void restore(String property, String value) {
		if (value != null) {
			System.setProperty(property, value);
		}
		else {
			System.clearProperty(property);
		}
	}

}
