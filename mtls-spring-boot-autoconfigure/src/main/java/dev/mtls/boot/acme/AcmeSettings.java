package dev.mtls.boot.acme;

import java.net.URI;
import java.net.URISyntaxException;

import dev.mtls.boot.core.ConfigurationProblem;

/**
 * Checks {@code mtls.identity.acme.*} before anything is ordered, naming the property and the fix.
 *
 * @author mtls-spring-boot
 */
final class AcmeSettings {

	private AcmeSettings() {
	}

	static void validate(MtlsAcmeProperties acme) {
		String directory = acme.getDirectory();
		try {
			URI uri = new URI(directory);
			if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
				throw new URISyntaxException(directory, "not an http or https URL");
			}
		}
		catch (URISyntaxException ex) {
			throw ConfigurationProblem.of("mtls.identity.acme.directory", directory, "it is not an https URL.",
					"Set it to the ACME directory URL of your CA, such as https://ca.internal:9000/acme/acme/directory (step-ca).");
		}
		if (acme.getDomains().isEmpty()) {
			throw ConfigurationProblem.of("mtls.identity.acme.domains", "[]", "no domain is configured.",
					"List the DNS names of this service that the certificate is for, such as inventory.shop.svc.cluster.local.");
		}
		for (String contact : acme.getContact()) {
			if (!contact.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.+")) {
				throw ConfigurationProblem.of("mtls.identity.acme.contact", contact, "it is not a URI.",
						"Write contacts as URIs, such as mailto:ops@example.com.");
			}
		}
		port("mtls.identity.acme.http-port", acme.getHttpPort(), 80);
		port("mtls.identity.acme.tls-port", acme.getTlsPort(), 443);
	}

	private static void port(String property, int port, int standard) {
		if (port < 1 || port > 65535) {
			throw ConfigurationProblem.of(property, port, "it is not a port number.",
					"Set a port from 1 to 65535 (%d unless port %d is forwarded to another one).".formatted(standard,
							standard));
		}
	}

}
