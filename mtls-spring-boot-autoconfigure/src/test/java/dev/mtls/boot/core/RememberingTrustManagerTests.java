package dev.mtls.boot.core;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RememberingTrustManager} and {@link VerifiedChains} over the JDK's own PKIX
 * trust manager, counting how often the JDK is asked.
 */
class RememberingTrustManagerTests {

	@TempDir
	Path directory;

	private TestPki pki;

	private X509ExtendedTrustManager jdk;

	private final AtomicInteger jdkChecks = new AtomicInteger();

	@BeforeEach
	void trustTheRoot() throws Exception {
		this.pki = new TestPki(this.directory);
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("root", this.pki.root().certificate());
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(store);
		this.jdk = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
	}

	@Test
	void aClientChainVerifiedOnceIsNotVerifiedAgain() throws Exception {
		RememberingTrustManager trustManager = remembering(Clock.systemUTC(), 100);
		X509Certificate[] chain = chain(this.pki.client("orders"));
		trustManager.checkClientTrusted(chain, "UNKNOWN");
		trustManager.checkClientTrusted(copy(chain), "UNKNOWN");
		trustManager.checkClientTrusted(copy(chain), "UNKNOWN");
		assertThat(this.jdkChecks).hasValue(1);
	}

	@Test
	void aRefusedChainIsCheckedEveryTime() {
		RememberingTrustManager trustManager = remembering(Clock.systemUTC(), 100);
		X509Certificate[] untrusted = chain(this.pki.selfSignedCopyOf("orders"));
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> trustManager.checkClientTrusted(untrusted, "UNKNOWN"));
		}
		assertThat(this.jdkChecks).hasValue(2);
	}

	@Test
	void aCopyWithTheSameNamesButOtherBytesIsNotTakenForTheVerifiedOne() throws Exception {
		RememberingTrustManager trustManager = remembering(Clock.systemUTC(), 100);
		trustManager.checkClientTrusted(chain(this.pki.client("orders")), "UNKNOWN");
		X509Certificate[] impostor = chain(this.pki.selfSignedCopyOf("orders"));
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> trustManager.checkClientTrusted(impostor, "UNKNOWN"));
	}

	@Test
	void aRememberedChainIsVerifiedAgainOnceItHasExpired() throws Exception {
		IssuedCertificate client = this.pki.client("orders");
		MutableClock clock = new MutableClock(Instant.now());
		RememberingTrustManager trustManager = remembering(clock, 100);
		trustManager.checkClientTrusted(chain(client), "UNKNOWN");
		clock.set(client.certificate().getNotAfter().toInstant().plus(Duration.ofSeconds(1)));
		trustManager.checkClientTrusted(chain(client), "UNKNOWN");
		assertThat(this.jdkChecks).hasValue(2);
	}

	@Test
	void serverChainsAreAlwaysVerifiedInFull() throws Exception {
		RememberingTrustManager trustManager = remembering(Clock.systemUTC(), 100);
		X509Certificate[] chain = chain(this.pki.server("inventory"));
		trustManager.checkServerTrusted(chain, "ECDHE_ECDSA");
		trustManager.checkServerTrusted(chain, "ECDHE_ECDSA");
		assertThat(this.jdkChecks).hasValue(2);
	}

	@Test
	void theCacheStaysWithinItsSize() throws Exception {
		VerifiedChains verified = new VerifiedChains(2);
		for (String service : new String[] { "a", "b", "c", "d", "e" }) {
			verified.add(chain(this.pki.client(service)), "UNKNOWN");
			assertThat(verified.size()).isLessThanOrEqualTo(2);
		}
	}

	@Test
	void sizeZeroVerifiesEveryHandshake() throws Exception {
		RememberingTrustManager trustManager = remembering(Clock.systemUTC(), 0);
		X509Certificate[] chain = chain(this.pki.client("orders"));
		trustManager.checkClientTrusted(chain, "UNKNOWN");
		trustManager.checkClientTrusted(chain, "UNKNOWN");
		assertThat(this.jdkChecks).hasValue(2);
	}

	private RememberingTrustManager remembering(Clock clock, int size) {
		return new RememberingTrustManager(new CountingTrustManager(this.jdk, this.jdkChecks), new VerifiedChains(size),
				clock);
	}

	private static X509Certificate[] chain(IssuedCertificate certificate) {
		return new X509Certificate[] { certificate.certificate() };
	}

	private static X509Certificate[] copy(X509Certificate[] chain) throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		X509Certificate[] copy = new X509Certificate[chain.length];
		for (int i = 0; i < chain.length; i++) {
			copy[i] = (X509Certificate) factory
				.generateCertificate(new ByteArrayInputStream(chain[i].getEncoded()));
		}
		return copy;
	}

	/**
	 * The JDK's trust manager, counting the checks it is asked for.
	 */
	private static final class CountingTrustManager extends X509ExtendedTrustManager {

		private final X509ExtendedTrustManager delegate;

		private final AtomicInteger checks;

		CountingTrustManager(X509ExtendedTrustManager delegate, AtomicInteger checks) {
			this.delegate = delegate;
			this.checks = checks;
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkClientTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkClientTrusted(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType, engine);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
