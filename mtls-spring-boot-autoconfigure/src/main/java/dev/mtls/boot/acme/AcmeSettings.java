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
		if (acme.getChallenge() == MtlsAcmeProperties.Challenge.TLS_ALPN_01) {
			throw ConfigurationProblem.of("mtls.identity.acme.challenge", "tls-alpn-01", "it is not supported yet.",
					"Use http-01 (the default): the CA fetches a token from port 80 of each domain, answered on "
							+ "mtls.identity.acme.http-port.");
		}
		if (acme.getHttpPort() < 0 || acme.getHttpPort() > 65535) {
			throw ConfigurationProblem.of("mtls.identity.acme.http-port", acme.getHttpPort(), "it is not a port number.",
					"Set a port from 1 to 65535 (80 unless port 80 is forwarded to another one).");
		}
	}

}
