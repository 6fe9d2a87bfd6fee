package dev.mtls.boot.acme;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.mtls.boot.core.ConfigurationProblem;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.AcmeProvider;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * How the ACME client trusts the CA's directory over HTTPS: the CA certificates of
 * {@code mtls.identity.acme.directory-trust} when set (a private CA), otherwise the JDK's. This
 * trust is for talking to the CA only; it never decides which peers the service trusts.
 *
 * @author mtls-spring-boot
 */
final class DirectoryTrust {

	private DirectoryTrust() {
	}

	static AcmeProvider provider(@Nullable String location, ResourceLoader resourceLoader) {
		if (location == null || location.isBlank()) {
			return new GenericAcmeProvider();
		}
		SSLContext context = sslContext(read(location, resourceLoader), location);
		return new GenericAcmeProvider() {

			@Override
			protected HttpConnector createHttpConnector(NetworkSettings settings) {
				return new HttpConnector(settings) {

					@Override
					public HttpClient.Builder createClientBuilder() {
						return super.createClientBuilder().sslContext(context);
					}

				};
			}

		};
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
