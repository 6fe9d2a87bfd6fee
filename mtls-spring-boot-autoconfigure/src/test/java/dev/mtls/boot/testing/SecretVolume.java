package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import dev.mtls.boot.devca.IssuedCertificate;

/**
 * A folder laid out and updated the way the kubelet updates a Kubernetes secret volume: each file
 * is a symlink through {@code ..data}, which points at a timestamped folder; an update writes a new
 * folder, renames a new {@code ..data} symlink over the old one in one step, and deletes the old
 * folder.
 */
public final class SecretVolume {

	private final Path directory;

	private int generation;

	public SecretVolume(Path directory) {
		this.directory = directory;
	}

	public Path file(String name) {
		return this.directory.resolve(name);
	}

	/**
	 * Write an identity and the CA to trust as cert-manager's secret holds them: {@code tls.crt}
	 * (the chain), {@code tls.key} and {@code ca.crt}.
	 */
	public void writeIdentity(IssuedCertificate identity, IssuedCertificate ca) {
		write(Map.of("tls.crt", identity.chainPem(), "tls.key", identity.privateKeyPem(), "ca.crt", ca.certificatePem()));
	}

	public synchronized void write(Map<String, String> files) {
		try {
			Files.createDirectories(this.directory);
			Path previous = Files.isSymbolicLink(data()) ? this.directory.resolve(Files.readSymbolicLink(data())) : null;
			String name = "..2026_11_22_00_00_00." + (++this.generation);
			Path target = Files.createDirectory(this.directory.resolve(name));
			for (Map.Entry<String, String> file : files.entrySet()) {
				Files.writeString(target.resolve(file.getKey()), file.getValue());
				Path link = this.directory.resolve(file.getKey());
				if (!Files.isSymbolicLink(link)) {
					Files.createSymbolicLink(link, Path.of("..data", file.getKey()));
				}
			}
			Path temporary = this.directory.resolve("..data_tmp");
			Files.deleteIfExists(temporary);
			Files.createSymbolicLink(temporary, Path.of(name));
			Files.move(temporary, data(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			if (previous != null) {
				delete(previous);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path data() {
		return this.directory.resolve("..data");
	}

	private static void delete(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

}
