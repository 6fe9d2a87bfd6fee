package dev.mtls.boot.acme;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.mtls.boot.core.ConfigurationProblem;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The CA certificates of {@code mtls.identity.acme.directory-trust} as the SSL context that trusts
 * exactly them: for the ACME client ({@link DirectoryTrust}) and the doctor alike. Free of acme4j's
 * types, so the doctor can use it where acme4j is absent. Public for {@code mtls-spring-boot-tools},
 * not API.
 *
 * @author mtls-spring-boot
 */
public final class DirectoryCertificates {

	private DirectoryCertificates() {
	}

	/**
	 * Return an SSL context that trusts exactly the CA certificates of {@code directory-trust}.
	 * @param location the location or inline PEM of the CA certificates
	 * @param resourceLoader how to read a location
	 * @return the context
	 */
	public static SSLContext sslContext(String location, ResourceLoader resourceLoader) {
		return sslContext(read(location, resourceLoader), location);
	}

	private static List<X509Certificate> read(String location, ResourceLoader resourceLoader) {
		String property = "mtls.identity.acme.directory-trust";
		boolean inline = location.contains("-----BEGIN");
		Resource resource = inline ? null : resourceLoader.getResource(location);
		if (resource != null && !resource.exists()) {
			throw ConfigurationProblem.of(property, location, "the file does not exist.",
					"Point %s at the PEM CA certificate of the ACME server's HTTPS certificate.".formatted(property));
		}
		List<X509Certificate> certificates;
		try {
			PemContent content = (resource == null) ? PemContent.of(location) : PemContent.load(resource.getInputStream());
			certificates = (content != null) ? content.getCertificates() : List.of();
		}
		catch (IOException | RuntimeException ex) {
			throw ConfigurationProblem.of(property, inline ? "<inline PEM>" : location,
					"it cannot be read as PEM certificates (" + ex.getMessage() + ").",
					"Point %s at PEM CA certificates ('-----BEGIN CERTIFICATE-----' blocks).".formatted(property), ex);
		}
		if (certificates.isEmpty()) {
			throw ConfigurationProblem.of(property, inline ? "<inline PEM>" : location, "it holds no PEM certificate.",
					"Point %s at PEM CA certificates ('-----BEGIN CERTIFICATE-----' blocks).".formatted(property));
		}
		return certificates;
	}

	private static SSLContext sslContext(List<X509Certificate> certificates, String location) {
		try {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			for (int i = 0; i < certificates.size(); i++) {
				store.setCertificateEntry("ca-" + i, certificates.get(i));
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Unable to trust the CA certificates in " + location, ex);
		}
	}

}
