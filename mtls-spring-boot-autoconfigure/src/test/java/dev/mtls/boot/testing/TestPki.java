package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;

/**
 * A throwaway PKI generated at test time: a root CA, an intermediate CA, and helpers to issue
 * server and client certificates (valid and deliberately broken) and write them as PEM files.
 */
public final class TestPki {

	public static final String TRUST_DOMAIN = "test.example";

	private final Path directory;

	private final IssuedCertificate root;

	private final IssuedCertificate intermediate;

	public TestPki(Path directory) {
		this.directory = directory;
		this.root = new CertificateBuilder().subject("CN=Test Root CA,O=mtls tests").authority().issue();
		this.intermediate = new CertificateBuilder().subject("CN=Test Intermediate CA,O=mtls tests")
			.authority()
			.issuedBy(this.root)
			.issue();
	}

	public IssuedCertificate root() {
		return this.root;
	}

	public IssuedCertificate intermediate() {
		return this.intermediate;
	}

	public static String spiffeId(String service) {
		return "spiffe://" + TRUST_DOMAIN + "/ns/test/sa/" + service;
	}

	/**
	 * A server identity for {@code localhost}, also usable as a client (both EKUs).
	 */
	public IssuedCertificate server(String service) {
		return new CertificateBuilder().subject("CN=" + service)
			.uri(spiffeId(service))
			.dns("localhost")
			.ip("127.0.0.1")
			.issuedBy(this.root)
			.issue();
	}

	public IssuedCertificate client(String service) {
		return client(service, this.root);
	}

	public IssuedCertificate client(String service, IssuedCertificate issuer) {
		return new CertificateBuilder().subject("CN=" + service).uri(spiffeId(service)).issuedBy(issuer).issue();
	}

	public IssuedCertificate expiredClient(String service) {
		return new CertificateBuilder().subject("CN=" + service)
			.uri(spiffeId(service))
			.validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
			.issuedBy(this.root)
			.issue();
	}

	public IssuedCertificate notYetValidClient(String service) {
		return new CertificateBuilder().subject("CN=" + service)
			.uri(spiffeId(service))
			.validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)))
			.issuedBy(this.root)
			.issue();
	}

	public IssuedCertificate selfSignedCopyOf(String service) {
		return new CertificateBuilder().subject("CN=" + service).uri(spiffeId(service)).issue();
	}

	public IssuedCertificate serverOnlyClient(String service) {
		return new CertificateBuilder().subject("CN=" + service)
			.uri(spiffeId(service))
			.serverOnly()
			.issuedBy(this.root)
			.issue();
	}

	/**
	 * Write certificate chain and key as {@code name.crt} and {@code name.key}.
	 * @return the certificate file; the key file is beside it
	 */
	public Path write(String name, IssuedCertificate certificate) {
		Path crt = this.directory.resolve(name + ".crt");
		certificate.writePem(crt, this.directory.resolve(name + ".key"));
		return crt;
	}

	public Path key(String name) {
		return this.directory.resolve(name + ".key");
	}

	/**
	 * Write CA certificates as one PEM file.
	 */
	public Path writeCertificates(String name, IssuedCertificate... certificates) {
		StringBuilder pem = new StringBuilder();
		for (IssuedCertificate certificate : certificates) {
			pem.append(certificate.certificatePem());
		}
		Path file = this.directory.resolve(name);
		try {
			Files.writeString(file, pem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/**
	 * Issue a server identity, write it and the root CA, and return the {@code mtls.*}
	 * properties that configure them.
	 */
	public String[] properties(String name) {
		Path certificate = write(name, server(name));
		return new String[] { "mtls.identity.certificate=file:" + certificate,
				"mtls.identity.private-key=file:" + key(name),
				"mtls.trust.certificates=file:" + writeCertificates(name + "-ca.crt", this.root) };
	}

	public Path directory() {
		return this.directory;
	}

}
