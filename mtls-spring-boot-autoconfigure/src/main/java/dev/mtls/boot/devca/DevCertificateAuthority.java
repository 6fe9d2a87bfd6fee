package dev.mtls.boot.devca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * A development certificate authority kept in one folder: created on first use, reused after,
 * safe when several services start at the same moment (a file lock guards the folder). It issues
 * each service an identity with a SPIFFE ID and writes one client certificate for people to use
 * with curl; the certificate commands of mtls-spring-boot-tools issue more from the same folder. Never
 * use it in production.
 * <p>{@link #authority()}, {@link #serviceNames}, {@link #personNames}, {@link #directory()}, {@link #file}
 * and the constants are public for the certificate commands of mtls-spring-boot-tools, not API.
 *
 * @author mtls-spring-boot
 */
public final class DevCertificateAuthority {

	/** The folder {@code mtls.dev.directory} defaults to. */
	public static final String DEFAULT_DIRECTORY = ".mtls-dev";

	/** The trust domain of the SPIFFE IDs {@code mtls.dev} issues. */
	public static final String DEFAULT_TRUST_DOMAIN = "dev.mtls.local";

	/** How long an issued identity is valid. */
	public static final Duration IDENTITY_VALIDITY = Duration.ofDays(30);

	/** The file name of the CA certificate in the folder. */
	public static final String CA_CERTIFICATE = "ca.crt";

	/** The file name of the CA's private key in the folder. */
	public static final String CA_KEY = "ca.key";

	static final String CLIENT_CERTIFICATE = "client.crt";

	static final String CLIENT_KEY = "client.key";

	private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

	private final Path directory;

	private final String trustDomain;

	private DevCertificateAuthority(Path directory, String trustDomain) {
		this.directory = directory;
		this.trustDomain = trustDomain;
	}

	/**
	 * Open the development CA in a folder, creating it if needed.
	 * @param directory the folder
	 * @param trustDomain the SPIFFE trust domain of issued identities
	 * @return the CA
	 */
	public static DevCertificateAuthority open(Path directory, String trustDomain) {
		return new DevCertificateAuthority(directory.toAbsolutePath().normalize(), trustDomain);
	}

	/**
	 * Issue (or re-issue) a service's identity and make sure the people's client certificate
	 * exists.
	 * @param serviceName the service name, used in the SPIFFE ID and the file names
	 * @return the files of the identity
	 */
	public DevIdentity issueServiceIdentity(String serviceName) {
		return locked(() -> {
			IssuedCertificate ca = loadOrCreateAuthority().certificate();
			IssuedCertificate service = serviceNames(serviceName).applyTo(new CertificateBuilder())
				.validFor(IDENTITY_VALIDITY)
				.issuedBy(ca)
				.issue();
			DevIdentity identity = new DevIdentity(file(serviceName + ".crt"), file(serviceName + ".key"),
					file(CA_CERTIFICATE), file(CLIENT_CERTIFICATE), file(CLIENT_KEY), spiffeId(serviceName));
			service.writePem(identity.certificate(), identity.privateKey());
			if (!Files.exists(identity.clientCertificate()) || !Files.exists(identity.clientKey())) {
				personNames("developer").applyTo(new CertificateBuilder())
					.issuedBy(ca)
					.issue()
					.writePem(identity.clientCertificate(), identity.clientKey());
			}
			return identity;
		});
	}

	/**
	 * Return the CA, created (or renewed, when about to expire) if needed.
	 * @return the CA and whether it was created just now
	 */
	public Authority authority() {
		return locked(this::loadOrCreateAuthority);
	}

	/**
	 * Return the names a service gets: its SPIFFE ID, {@code localhost}, its name and
	 * {@code 127.0.0.1}.
	 * @param name the service name
	 * @return the names
	 */
	public IdentityNames serviceNames(String name) {
		return new IdentityNames(subject(name), spiffeId(name), List.of("localhost", name), List.of("127.0.0.1"));
	}

	/**
	 * Return the names a person's client certificate gets: only the SPIFFE ID.
	 * @param name the person's name
	 * @return the names
	 */
	public IdentityNames personNames(String name) {
		return new IdentityNames(subject(name), spiffeId(name), List.of(), List.of());
	}

	/**
	 * Return the CA's folder.
	 * @return the absolute folder
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Return a file in the CA's folder.
	 * @param name the file name
	 * @return the file
	 */
	public Path file(String name) {
		return this.directory.resolve(name);
	}

	private static String subject(String name) {
		return "CN=" + name + ",O=mtls dev";
	}

	private String spiffeId(String name) {
		return "spiffe://" + this.trustDomain + "/ns/dev/sa/" + name;
	}

	private <T> T locked(LockedAction<T> action) {
		// The file lock guards against other processes; it cannot be taken twice in one JVM.
		synchronized (JVM_LOCKS.computeIfAbsent(this.directory, (directory) -> new Object())) {
			try {
				Files.createDirectories(this.directory);
				try (FileChannel channel = FileChannel.open(file(".lock"), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
					return action.run();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Unable to use the development CA in " + this.directory, ex);
			}
		}
	}

	private Authority loadOrCreateAuthority() throws IOException {
		Path certificateFile = file(CA_CERTIFICATE);
		Path keyFile = file(CA_KEY);
		if (Files.exists(certificateFile) && Files.exists(keyFile)) {
			List<X509Certificate> certificates = PemContent.load(certificateFile).getCertificates();
			PrivateKey key = Objects.requireNonNull(PemContent.load(keyFile).getPrivateKey(),
					() -> "No private key in " + keyFile);
			if (certificates.get(0).getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(31)))) {
				return new Authority(new IssuedCertificate(certificates.get(0), key, certificates), false);
			}
		}
		IssuedCertificate ca = new CertificateBuilder().subject("CN=mtls-spring-boot development CA,O=mtls dev")
			.authority()
			.validFor(Duration.ofDays(3650))
			.issue();
		ca.writePem(certificateFile, keyFile);
		// A new CA invalidates the old people's certificate.
		Files.deleteIfExists(file(CLIENT_CERTIFICATE));
		Files.deleteIfExists(file(CLIENT_KEY));
		return new Authority(ca, true);
	}

	/**
	 * The development CA's certificate and key.
	 *
	 * @param certificate the CA certificate and its key
	 * @param created whether it was created (or renewed) just now
	 */
	public record Authority(IssuedCertificate certificate, boolean created) {
	}

	private interface LockedAction<T> {

		T run() throws IOException;

	}

	/**
	 * The files of an identity issued by the development CA.
	 *
	 * @param certificate the service's certificate chain
	 * @param privateKey the service's private key
	 * @param caCertificate the CA certificate to trust
	 * @param clientCertificate the people's client certificate
	 * @param clientKey the people's client key
	 * @param spiffeId the service's SPIFFE ID
	 */
	public record DevIdentity(Path certificate, Path privateKey, Path caCertificate, Path clientCertificate,
			Path clientKey, String spiffeId) {
	}

}
