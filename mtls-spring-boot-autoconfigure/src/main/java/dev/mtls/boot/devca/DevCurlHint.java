package dev.mtls.boot.devca;

import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Prints a ready-to-paste {@code curl} line once the application's server is up, presenting the
 * development CA's client certificate for people.
 * <p>Public for the certificate commands of mtls-spring-boot-tools, not API.
 *
 * @author mtls-spring-boot
 */
public final class DevCurlHint implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(DevCurlHint.class);

	private final Path directory;

	DevCurlHint(Path directory) {
		this.directory = directory.toAbsolutePath().normalize();
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		logger.info(line(event.getWebServer().getPort()));
	}

	String line(int port) {
		return "mTLS is on. Try: " + curl(this.directory.resolve(DevCertificateAuthority.CA_CERTIFICATE),
				this.directory.resolve(DevCertificateAuthority.CLIENT_CERTIFICATE),
				this.directory.resolve(DevCertificateAuthority.CLIENT_KEY).toString(), port);
	}

	/**
	 * Return a {@code curl} command line that calls {@code /whoami} on this machine with a client
	 * certificate.
	 * @param caCertificate the CA certificate to trust
	 * @param certificate the client certificate
	 * @param key the client key, or where it is
	 * @param port the server's port
	 * @return the command line
	 */
	public static String curl(Path caCertificate, Path certificate, String key, int port) {
		return "curl --cacert %s --cert %s --key %s https://localhost:%d/whoami".formatted(caCertificate, certificate,
				key, port);
	}

}
