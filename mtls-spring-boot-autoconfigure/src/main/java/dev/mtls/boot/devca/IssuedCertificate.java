package dev.mtls.boot.devca;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate issued by {@link CertificateBuilder}, with its private key and the chain up to
 * (not including) the root.
 *
 * @param certificate the certificate
 * @param privateKey its private key, {@code null} when issued for a request whose key stays with its
 * owner
 * @param chain the chain, leaf first, without the self-signed root
 * @author mtls-spring-boot
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

	public IssuedCertificate {
		chain = List.copyOf(chain);
	}

	/**
	 * Return the chain as PEM, leaf first.
	 * @return PEM text
	 */
	public String chainPem() {
		return PemFiles.pem(this.chain.toArray());
	}

	/**
	 * Return the certificate alone as PEM.
	 * @return PEM text
	 */
	public String certificatePem() {
		return PemFiles.pem(this.certificate);
	}

	/**
	 * Return the private key as unencrypted PKCS#8 PEM.
	 * @return PEM text
	 */
	public String privateKeyPem() {
		return PemFiles.privateKeyPem(this.privateKey);
	}

	/**
	 * Write the chain and the private key as PEM files, each replaced atomically. The key file is
	 * readable by its owner only where the file system supports it.
	 * @param certificateFile the chain file
	 * @param keyFile the key file
	 */
	public void writePem(Path certificateFile, Path keyFile) {
		PemFiles.writePublic(certificateFile, chainPem());
		PemFiles.writePrivate(keyFile, privateKeyPem());
	}

	/**
	 * Write the key and the chain as a PKCS#12 key store (the JDK's), replaced atomically and
	 * readable by its owner only. Public for the certificate commands of mtls-spring-boot-tools, not API.
	 * @param file the key store file
	 * @param alias the alias of the key entry
	 * @param password the password of the store and of the key entry
	 */
	public void writePkcs12(Path file, String alias, char[] password) {
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry(alias, this.privateKey, password, this.chain.toArray(X509Certificate[]::new));
			ByteArrayOutputStream content = new ByteArrayOutputStream();
			keyStore.store(content, password);
			PemFiles.writePrivate(file, content.toByteArray());
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Unable to write the PKCS#12 key store " + file, ex);
		}
	}

}
