package dev.mtls.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * The load generator's client certificate and trusted CA, read from PEM files with Spring Boot's
 * PEM support.
 */
final class ClientIdentity {

	private ClientIdentity() {
	}

	static SSLContext sslContext(Path certificate, Path key, Path ca) throws IOException, GeneralSecurityException {
		KeyStore identity = KeyStore.getInstance("PKCS12");
		identity.load(null, null);
		identity.setKeyEntry("client", PemContent.load(key).getPrivateKey(), new char[0],
				PemContent.load(certificate).getCertificates().toArray(X509Certificate[]::new));
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(identity, new char[0]);
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", PemContent.load(ca).getCertificates().get(0));
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
		trustManagers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		return context;
	}

}
