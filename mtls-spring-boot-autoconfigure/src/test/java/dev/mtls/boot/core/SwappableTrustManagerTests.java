package dev.mtls.boot.core;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link SwappableTrustManager} over the JDK's own PKIX trust managers.
 */
class SwappableTrustManagerTests {

	@TempDir
	Path directory;

	private TestPki pki;

	private TestPki otherPki;

	private final AtomicReference<X509ExtendedTrustManager> current = new AtomicReference<>();

	private final List<String> checked = new ArrayList<>();

	private final List<Reported> refusals = new ArrayList<>();

	private CertificateException checkFailure;

	private SwappableTrustManager trustManager;

	@BeforeEach
	void trustTheRoot() throws Exception {
		this.pki = new TestPki(this.directory);
		this.otherPki = new TestPki(this.directory);
		this.current.set(jdkTrusting(this.pki.root()));
		this.trustManager = new SwappableTrustManager(this.current::get, (chain, peerIsClient) -> {
			this.checked.add(chain[0].getSubjectX500Principal().getName() + (peerIsClient ? " as client" : " as server"));
			if (this.checkFailure != null) {
				throw this.checkFailure;
			}
		}, (side, chain, remote, failure) -> this.refusals.add(new Reported(side, chain, remote, failure)));
	}

	@Test
	void swappedTrustSetIsUsedByTheNextCheck() throws Exception {
		X509Certificate[] ours = chain(this.pki.client("orders"));
		X509Certificate[] theirs = chain(this.otherPki.client("orders"));
		this.trustManager.checkClientTrusted(ours, "UNKNOWN");
		this.current.set(jdkTrusting(this.otherPki.root()));
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trustManager.checkClientTrusted(ours, "UNKNOWN"));
		this.trustManager.checkClientTrusted(theirs, "UNKNOWN");
		assertThat(this.trustManager.getAcceptedIssuers()).containsExactly(this.otherPki.root().certificate());
	}

	@Test
	void refusalIsReportedWithSideAndRemoteThenRethrownUnchanged() throws Exception {
		X509Certificate[] stranger = chain(this.otherPki.client("stranger"));
		SSLEngine engine = SSLContext.getDefault().createSSLEngine("peer.example", 8443);
		CertificateException onServer = catchThrowableOfType(CertificateException.class,
				() -> this.trustManager.checkClientTrusted(stranger, "UNKNOWN", engine));
		CertificateException onClient = catchThrowableOfType(CertificateException.class,
				() -> this.trustManager.checkServerTrusted(stranger, "UNKNOWN"));
		assertThat(this.refusals).hasSize(2);
		assertThat(this.refusals.get(0)).isEqualTo(new Reported("server", stranger, "peer.example:8443", onServer));
		assertThat(this.refusals.get(1)).isEqualTo(new Reported("client", stranger, null, onClient));
		// Unchanged: the JDK's own exception, so callers and logs see what the JDK said.
		assertThat(onClient).hasMessageStartingWith("PKIX path");
		assertThat(this.checked).isEmpty();
	}

	@Test
	void refusalOverASocketNamesTheRemoteAddress() throws Exception {
		X509Certificate[] stranger = chain(this.otherPki.client("stranger"));
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> this.trustManager.checkServerTrusted(stranger, "UNKNOWN", socket));
			assertThat(this.refusals).singleElement()
				.satisfies((refusal) -> assertThat(refusal.remote()).isEqualTo(socket.getRemoteSocketAddress().toString()))
				.satisfies((refusal) -> assertThat(refusal.side()).isEqualTo("client"));
		}
	}

	@Test
	void serversVerifiedByACheckAreNotVerifiedByTheConnectionsHostName() throws Exception {
		X509Certificate[] svid = chain(new dev.mtls.boot.devca.CertificateBuilder().subject("CN=inventory")
			.uri(TestPki.spiffeId("inventory"))
			.issuedBy(this.pki.root())
			.issue());
		SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 8443);
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		engine.setSSLParameters(parameters);
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trustManager.checkServerTrusted(svid, "UNKNOWN", engine));
		List<String> identified = new ArrayList<>();
		this.trustManager.verifyServersBy((chain, peerIsClient) -> identified.add(chain[0].getSubjectX500Principal().getName()));
		this.trustManager.checkServerTrusted(svid, "UNKNOWN", engine);
		assertThat(identified).containsExactly("CN=inventory");
		assertThat(this.checked).containsExactly("CN=inventory as server");
		this.trustManager.verifyServersBy((chain, peerIsClient) -> {
			throw new CertificateException("unexpected server");
		});
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trustManager.checkServerTrusted(svid, "UNKNOWN", engine))
			.withMessage("unexpected server");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trustManager.checkServerTrusted(chain(this.otherPki.server("stranger")), "UNKNOWN",
					engine))
			.withMessageStartingWith("PKIX path");
	}

	@Test
	void chainChecksRunOnlyOnChainsTheTrustSetAccepted() throws Exception {
		this.trustManager.checkClientTrusted(chain(this.pki.client("orders")), "UNKNOWN");
		this.trustManager.checkServerTrusted(chain(this.pki.server("billing")), "UNKNOWN");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trustManager.checkClientTrusted(chain(this.otherPki.client("stranger")), "UNKNOWN"));
		assertThat(this.checked).containsExactly("CN=orders as client", "CN=billing as server");
	}

	@Test
	void chainCheckRefusalIsReportedThenRethrownUnchanged() {
		X509Certificate[] revoked = chain(this.pki.client("revoked"));
		this.checkFailure = new CertificateException("Certificate revoked");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> this.trustManager.checkClientTrusted(revoked, "UNKNOWN"))
			.isSameAs(this.checkFailure);
		assertThat(this.refusals).containsExactly(new Reported("server", revoked, null, this.checkFailure));
	}

	@Test
	void engineAndSocketVariantsReachTheTrustSetUnchanged() throws Exception {
		// The JDK verifies the host name only in these variants (from the engine's or socket's
		// endpoint identification algorithm), so they must be passed on as they are.
		Recording recording = new Recording();
		this.current.set(recording);
		X509Certificate[] chain = chain(this.pki.server("billing"));
		SSLEngine engine = SSLContext.getDefault().createSSLEngine("billing.example", 443);
		try (Socket socket = new Socket()) {
			this.trustManager.checkServerTrusted(chain, "ECDHE_ECDSA", engine);
			this.trustManager.checkServerTrusted(chain, "ECDHE_ECDSA", socket);
			this.trustManager.checkServerTrusted(chain, "ECDHE_ECDSA");
			this.trustManager.checkClientTrusted(chain, "ECDHE_ECDSA", engine);
			this.trustManager.checkClientTrusted(chain, "ECDHE_ECDSA", socket);
			this.trustManager.checkClientTrusted(chain, "ECDHE_ECDSA");
			assertThat(recording.calls).containsExactly("server " + engine, "server " + socket, "server", "client " + engine,
					"client " + socket, "client");
		}
	}

	private static X509Certificate[] chain(IssuedCertificate certificate) {
		return certificate.chain().toArray(X509Certificate[]::new);
	}

	private static X509ExtendedTrustManager jdkTrusting(IssuedCertificate root) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("root", root.certificate());
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(store);
		return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
	}

	private record Reported(String side, X509Certificate[] chain, String remote, CertificateException failure) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Reported that && this.side.equals(that.side) && this.chain == that.chain
					&& Objects.equals(this.remote, that.remote) && this.failure == that.failure;
		}

		@Override
		public int hashCode() {
			return this.side.hashCode();
		}

	}

	/**
	 * Accepts everything and records which variant it was asked through.
	 */
	private static final class Recording extends X509ExtendedTrustManager {

		private final List<String> calls = new ArrayList<>();

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
			this.calls.add("client " + socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
			this.calls.add("client " + engine);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
			this.calls.add("client");
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
			this.calls.add("server " + socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
			this.calls.add("server " + engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
			this.calls.add("server");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
