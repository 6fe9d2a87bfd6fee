package dev.mtls.boot.core;

import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PeerRefusals}: each refusal is listed and counted once, whoever saw it.
 */
class PeerRefusalsTests {

	private final PeerRefusals refusals = new PeerRefusals(new RefusalLog(Clock.systemUTC(), Duration.ofMinutes(5)));

	private final List<String> counted = new ArrayList<>();

	private X509Certificate[] chain;

	@BeforeEach
	void listen(@TempDir Path directory) {
		this.chain = new TestPki(directory).client("orders").chain().toArray(X509Certificate[]::new);
		this.refusals.addListener((side, reason) -> this.counted.add(side + " " + reason.tag()));
	}

	@Test
	void trustManagerRefusalIsListedAndCounted() {
		this.refusals.refused("server", this.chain, "10.0.0.7:4000", new CertificateExpiredException("expired"));
		assertThat(this.counted).containsExactly("server expired");
		assertThat(this.refusals.recent()).singleElement().satisfies((refusal) -> {
			assertThat(refusal.subject()).isEqualTo("CN=orders");
			assertThat(refusal.remote()).isEqualTo("10.0.0.7:4000");
		});
	}

	@Test
	void clientWithoutACertificateIsCountedFromTheEngine() {
		this.refusals.handshakeFailed("server", "10.0.0.7:4000",
				new SSLHandshakeException("Empty client certificate chain"));
		assertThat(this.counted).containsExactly("server no-certificate");
		assertThat(this.refusals.recent()).hasSize(1);
	}

	@Test
	void engineFailureTheTrustManagerReportedIsNotCountedTwice() {
		CertificateExpiredException expired = new CertificateExpiredException("expired");
		this.refusals.refused("server", this.chain, "10.0.0.7:4000", expired);
		SSLHandshakeException handshake = new SSLHandshakeException("handshake failed");
		handshake.initCause(expired);
		this.refusals.handshakeFailed("server", "10.0.0.7:4000", handshake);
		assertThat(this.counted).containsExactly("server expired");
		assertThat(this.refusals.recent()).singleElement().satisfies((refusal) -> assertThat(refusal.count()).isOne());
	}

}
