package dev.mtls.boot.acme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.util.List;

import dev.mtls.boot.devca.PemFiles;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * The files of {@code mtls.identity.acme.storage}: the account key ({@code account.key}), the
 * certificate chain ({@code tls.crt}) and its key ({@code tls.key}). Every file is written to a
 * temporary file readable by its owner only and moved into place, so a reader never sees half a
 * file; the directory itself is the owner's only.
 *
 * @author mtls-spring-boot
 */
final class AcmeStorage {

	private final Path directory;

	AcmeStorage(Path directory) {
		this.directory = directory;
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * Return the account key, creating and storing one the first time.
	 */
	KeyPair accountKey() {
		Path file = this.directory.resolve("account.key");
		if (Files.exists(file)) {
			return readKeyPair(file);
		}
		KeyPair key = newKeyPair();
		write(file, pem(key));
		return key;
	}

	/**
	 * Return the stored certificate chain and its key, or {@code null} if there are none or they do
	 * not belong together (a crash between writing the two).
	 */
	@Nullable StoredCertificate certificate() {
		Path crt = this.directory.resolve("tls.crt");
		Path key = this.directory.resolve("tls.key");
		if (!Files.exists(crt) || !Files.exists(key)) {
			return null;
		}
		try {
			PemContent content = PemContent.load(crt);
			List<X509Certificate> chain = content.getCertificates();
			KeyPair keyPair = readKeyPair(key);
			if (chain.isEmpty() || !chain.get(0).getPublicKey().equals(keyPair.getPublic())) {
				return null;
			}
			return new StoredCertificate(chain, keyPair);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Store a new certificate and its key, the key first: a crash in between leaves a pair that
	 * does not match, which {@link #certificate()} ignores.
	 */
	void store(StoredCertificate certificate) {
		write(this.directory.resolve("tls.key"), pem(certificate.keyPair()));
		write(this.directory.resolve("tls.crt"), pem(certificate.chain().toArray()));
	}

	static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("No EC P-256 key pair generator in this JDK", ex);
		}
	}

	// PKCS#8 private key followed by the public key: the JDK's EC keys carry no public key in their
	// PKCS#8 encoding, and the account key is needed as a pair.
	private static KeyPair readKeyPair(Path file) {
		try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			PrivateKey privateKey = null;
			PublicKey publicKey = null;
			for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
				if (object instanceof PrivateKeyInfo info) {
					privateKey = converter.getPrivateKey(info);
				}
				else if (object instanceof SubjectPublicKeyInfo info) {
					publicKey = converter.getPublicKey(info);
				}
			}
			if (privateKey == null || publicKey == null) {
				throw new IOException("expected a PEM private key and public key");
			}
			return new KeyPair(publicKey, privateKey);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to read the key in " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static String pem(KeyPair keyPair) {
		try {
			return pem(new JcaPKCS8Generator(keyPair.getPrivate(), null).generate(), keyPair.getPublic());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String pem(Object... objects) {
		return PemFiles.pem(objects);
	}

	private void write(Path file, String text) {
		try {
			createDirectory();
			// Created readable by its owner only (createTempFile's default); the move keeps that.
			Path temporary = Files.createTempFile(this.directory, file.getFileName().toString(), ".tmp");
			try {
				Files.writeString(temporary, text, StandardCharsets.US_ASCII);
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to write " + file, ex);
		}
	}

	private void createDirectory() throws IOException {
		if (Files.isDirectory(this.directory)) {
			return;
		}
		try {
			Files.createDirectories(this.directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system (Windows): its ACLs apply.
			Files.createDirectories(this.directory);
		}
		catch (FileAlreadyExistsException ex) {
			// Created by someone else in the meantime.
		}
	}

	/**
	 * A certificate chain (leaf first) and the key pair of its leaf.
	 */
	record StoredCertificate(List<X509Certificate> chain, KeyPair keyPair) {

		X509Certificate leaf() {
			return this.chain.get(0);
		}

	}

}
