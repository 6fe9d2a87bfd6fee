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
 *
 * @author mtls-spring-boot
 */
final class PemFiles {

	private PemFiles() {
	}

	static String pem(Object... objects) {
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

	static String privateKeyPem(PrivateKey privateKey) {
		try {
			return pem(new JcaPKCS8Generator(privateKey, null).generate());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void writePublic(Path file, String text) {
		writePrivate(file, text.getBytes(StandardCharsets.US_ASCII));
		file.toFile().setReadable(true, false);
	}

	static void writePrivate(Path file, String text) {
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
