package dev.mtls.boot.test;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.mtls.boot.core.PresentingKeyManager;
import dev.mtls.boot.devca.IssuedCertificate;

import org.jspecify.annotations.Nullable;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.client.RestClient;

/**
 * A peer a test acts as: its certificate (or none) and clients that present it to the application
 * under test, trusting the test CA's server certificate. The certificate is presented even when the
 * server's list of accepted CAs does not name its issuer, so an untrusted peer is refused as
 * untrusted rather than arriving without a certificate.
 *
 * @author mtls-spring-boot
 */
public final class TestPeer {

	private final @Nullable IssuedCertificate identity;

	private final X509Certificate serverCa;

	private final Supplier<String> baseUrl;

	TestPeer(@Nullable IssuedCertificate identity, X509Certificate serverCa, Supplier<String> baseUrl) {
		this.identity = identity;
		this.serverCa = serverCa;
		this.baseUrl = baseUrl;
	}

	/**
	 * The peer's certificate chain, leaf first; empty for an anonymous peer.
	 * @return the chain
	 */
	public X509Certificate[] chain() {
		return (this.identity != null) ? this.identity.chain().toArray(X509Certificate[]::new) : new X509Certificate[0];
	}

	/**
	 * The certificate and key.
	 * @return the identity, or {@code null} for an anonymous peer
	 */
	public @Nullable IssuedCertificate identity() {
		return this.identity;
	}

	/**
	 * The application's base URL, {@code https://localhost:<local.server.port>}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return this.baseUrl.get();
	}

	/**
	 * An SSL context that presents this peer's certificate and trusts the test CA.
	 * @return the context
	 */
	public SSLContext sslContext() {
		try {
			KeyStore anchors = KeyStore.getInstance("PKCS12");
			anchors.load(null, null);
			anchors.setCertificateEntry("ca", this.serverCa);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(anchors);
			SSLContext context = SSLContext.getInstance("TLS");
			KeyManager[] keys = (this.identity != null) ? new KeyManager[] {
					new PresentingKeyManager(this.identity.chain(), this.identity.privateKey(), (issuers) -> {
					}) } : null;
			context.init(keys, trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException("Could not create an SSL context for a test peer", ex);
		}
	}

	/**
	 * A new JDK HTTP client (HTTP/1.1) for this peer.
	 * @return the client
	 */
	public HttpClient httpClient() {
		return HttpClient.newBuilder()
			.sslContext(sslContext())
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * A {@link RestClient} for the application under test, as this peer (needs spring-web).
	 * @return the client
	 */
	public RestClient restClient() {
		return RestClient.builder()
			.baseUrl(baseUrl())
			.requestFactory(new JdkClientHttpRequestFactory(httpClient()))
			.build();
	}

	/**
	 * A {@link WebTestClient} bound to the running application, as this peer (needs
	 * spring-webflux).
	 * @return the client
	 */
	public WebTestClient webTestClient() {
		return WebTestClient.bindToServer(new JdkClientHttpConnector(httpClient())).baseUrl(baseUrl()).build();
	}

}
