package dev.mtls.boot.acme;

import java.net.http.HttpClient;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.AcmeProvider;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

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
		SSLContext context = DirectoryCertificates.sslContext(location, resourceLoader);
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

}
