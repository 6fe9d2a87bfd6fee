package dev.mtls.boot.acme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

import dev.mtls.boot.acme.AcmeStorage.StoredCertificate;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage directory keeps the account key and the certificate across restarts, readable by its
 * owner only, and never hands out a certificate with someone else's key.
 */
class AcmeStorageTests {

	@TempDir
	Path directory;

	@Test
	void createsTheAccountKeyOnceAndReadsItBack() {
		AcmeStorage storage = new AcmeStorage(this.directory.resolve("acme"));
		KeyPair created = storage.accountKey();
		KeyPair read = new AcmeStorage(this.directory.resolve("acme")).accountKey();
		assertThat(read.getPublic()).isEqualTo(created.getPublic());
		assertThat(read.getPrivate().getEncoded()).isEqualTo(created.getPrivate().getEncoded());
	}

	@Test
	void storesTheCertificateAndKeyForTheOwnerOnly() throws Exception {
		AcmeStorage storage = new AcmeStorage(this.directory.resolve("acme"));
		StoredCertificate certificate = certificate(AcmeStorage.newKeyPair());
		storage.store(certificate);
		StoredCertificate read = storage.certificate();
		assertThat(read.chain()).isEqualTo(certificate.chain());
		assertThat(read.keyPair().getPrivate().getEncoded()).isEqualTo(certificate.keyPair().getPrivate().getEncoded());
		assertThat(read.keyPair().getPrivate().getAlgorithm()).isEqualTo("EC");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.directory.resolve("acme"))))
			.isEqualTo("rwx------");
		for (String file : List.of("tls.crt", "tls.key")) {
			assertThat(PosixFilePermissions
				.toString(Files.getPosixFilePermissions(this.directory.resolve("acme").resolve(file)))).isEqualTo("rw-------");
		}
		try (var files = Files.list(this.directory.resolve("acme"))) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("tls.crt", "tls.key");
		}
	}

	@Test
	void ignoresACertificateWhoseKeyWasNotWrittenWithIt() throws Exception {
		Path acme = this.directory.resolve("acme");
		AcmeStorage storage = new AcmeStorage(acme);
		storage.store(certificate(AcmeStorage.newKeyPair()));
		byte[] oldCertificate = Files.readAllBytes(acme.resolve("tls.crt"));
		storage.store(certificate(AcmeStorage.newKeyPair()));
		assertThat(storage.certificate()).isNotNull();
		// As if the process died after writing the new key and before the new certificate.
		Files.write(acme.resolve("tls.crt"), oldCertificate);
		assertThat(storage.certificate()).isNull();
	}

	@Test
	void hasNoCertificateWhenNothingWasStored() {
		assertThat(new AcmeStorage(this.directory.resolve("none")).certificate()).isNull();
	}

	private static StoredCertificate certificate(KeyPair keyPair) {
		IssuedCertificate issued = new CertificateBuilder().subject("CN=localhost").dns("localhost").keyPair(keyPair).issue();
		return new StoredCertificate(issued.chain(), keyPair);
	}

}
