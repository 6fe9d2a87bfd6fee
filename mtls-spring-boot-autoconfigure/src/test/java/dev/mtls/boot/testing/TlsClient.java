package dev.mtls.boot.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.mtls.boot.core.PresentingKeyManager;
import dev.mtls.boot.devca.IssuedCertificate;

/**
 * A JDK HTTP client for tests that presents a given certificate (always, even when the server's
 * accepted issuers do not list its CA, so the server's verdict is what is tested) and trusts a
 * given CA. Every call is a new connection with a full handshake.
 */
public final class TlsClient {

	private final SSLContext sslContext;

	private TlsClient(SSLContext sslContext) {
		this.sslContext = sslContext;
	}

	public static TlsClient presenting(IssuedCertificate client, IssuedCertificate trustedCa) {
		return create(new KeyManager[] {
				new PresentingKeyManager(client.chain(), client.privateKey(), (issuers) -> {
				}) }, trustedCa);
	}

	public static TlsClient anonymous(IssuedCertificate trustedCa) {
		return create(null, trustedCa);
	}

	private static TlsClient create(KeyManager[] keyManagers, IssuedCertificate trustedCa) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", trustedCa.certificate());
			TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
			trustManagers.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers, trustManagers.getTrustManagers(), null);
			return new TlsClient(context);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public SSLContext sslContext() {
		return this.sslContext;
	}

	/**
	 * A new HTTP/1.1 client with this TLS configuration; it keeps connections alive between calls.
	 */
	public HttpClient httpClient() {
		return HttpClient.newBuilder()
			.sslContext(this.sslContext)
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return send(port, "GET", path);
	}

	/**
	 * Send a request with the given method and no body.
	 */
	public HttpResponse<String> send(int port, String method, String path) throws IOException, InterruptedException {
		// A new client per call: a new connection and a full handshake every time.
		HttpClient client = httpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
