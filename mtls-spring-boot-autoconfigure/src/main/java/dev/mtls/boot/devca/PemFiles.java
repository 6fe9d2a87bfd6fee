package dev.mtls.boot.devca;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM text and atomic writes of the development CA's files: certificates and requests readable by
 * everyone, anything holding a private key readable by its owner only.
 * <p>Public for the certificate commands of mtls-spring-boot-tools, not API.
 *
 * @author mtls-spring-boot
 */
public final class PemFiles {

	private PemFiles() {
	}

	/**
	 * Return objects Bouncy Castle can write (certificates, requests) as PEM text.
	 * @param objects the objects
	 * @return the PEM text
	 */
	public static String pem(Object... objects) {
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

	/**
	 * Return a private key as unencrypted PKCS#8 PEM text.
	 * @param privateKey the key
	 * @return the PEM text
	 */
	public static String privateKeyPem(PrivateKey privateKey) {
		try {
			return pem(new JcaPKCS8Generator(privateKey, null).generate());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Write text anyone may read, replacing the file atomically.
	 * @param file the file
	 * @param text the text
	 */
	public static void writePublic(Path file, String text) {
		writePrivate(file, text.getBytes(StandardCharsets.US_ASCII));
		file.toFile().setReadable(true, false);
	}

	/**
	 * Write text only the owner may read, replacing the file atomically.
	 * @param file the file
	 * @param text the text
	 */
	public static void writePrivate(Path file, String text) {
		writePrivate(file, text.getBytes(StandardCharsets.US_ASCII));
	}

	static void writePrivate(Path file, byte[] content) {
		try {
			// The temporary file is readable by its owner only; the move keeps that.
			Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
			Files.write(temporary, content);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to write " + file, ex);
		}
	}

}
