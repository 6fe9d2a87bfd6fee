package dev.mtls.boot.core;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ChainChecks}.
 */
class ChainChecksTests {

	private static final X509Certificate[] CHAIN = {};

	private final ChainChecks checks = new ChainChecks();

	private final List<String> ran = new ArrayList<>();

	@Test
	void withoutChecksEveryChainPasses() {
		assertThatNoException().isThrownBy(() -> this.checks.check(CHAIN, true));
	}

	@Test
	void checksRunInTheOrderAddedWithTheSide() throws Exception {
		this.checks.add((chain, peerIsClient) -> this.ran.add("first " + peerIsClient));
		this.checks.add((chain, peerIsClient) -> this.ran.add("second " + peerIsClient));
		this.checks.check(CHAIN, true);
		this.checks.check(CHAIN, false);
		assertThat(this.ran).containsExactly("first true", "second true", "first false", "second false");
	}

	@Test
	void firstRefusalDecidesAndLaterChecksDoNotRun() {
		CertificateException revoked = new CertificateException("revoked");
		this.checks.add((chain, peerIsClient) -> {
			throw revoked;
		});
		this.checks.add((chain, peerIsClient) -> this.ran.add("second"));
		assertThatExceptionOfType(CertificateException.class).isThrownBy(() -> this.checks.check(CHAIN, true))
			.isSameAs(revoked);
		assertThat(this.ran).isEmpty();
	}

}
