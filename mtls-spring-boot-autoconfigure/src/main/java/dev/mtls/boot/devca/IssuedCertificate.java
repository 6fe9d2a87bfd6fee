package dev.mtls.boot.devca;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A certificate issued by {@link CertificateBuilder}, with its private key and the chain up to
 * (not including) the root.
 *
 * @param certificate the certificate
 * @param privateKey its private key
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
		return pem(this.chain.toArray());
	}

	/**
	 * Return the certificate alone as PEM.
	 * @return PEM text
	 */
	public String certificatePem() {
		return pem(this.certificate);
	}

	/**
	 * Return the private key as unencrypted PKCS#8 PEM.
	 * @return PEM text
	 */
	public String privateKeyPem() {
		try {
			return pem(new JcaPKCS8Generator(this.privateKey, null).generate());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Write the chain and the private key as PEM files, each replaced atomically. The key file is
	 * readable by its owner only where the file system supports it.
	 * @param certificateFile the chain file
	 * @param keyFile the key file
	 */
	public void writePem(Path certificateFile, Path keyFile) {
		write(certificateFile, chainPem());
		certificateFile.toFile().setReadable(true, false);
		// The temporary file the key is written through is already readable by its owner only.
		write(keyFile, privateKeyPem());
	}

	static void write(Path file, String text) {
		try {
			Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
			Files.writeString(temporary, text, StandardCharsets.US_ASCII);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to write " + file, ex);
		}
	}

	private static String pem(Object... objects) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			for (Object object : objects) {
				writer.writeObject(object);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

}
