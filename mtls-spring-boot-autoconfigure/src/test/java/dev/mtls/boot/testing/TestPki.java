package dev.mtls.boot.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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

	/**
	 * A PEM CRL signed by {@code issuer} that revokes the given certificates.
	 */
	public static String crl(IssuedCertificate issuer, Duration validFor, IssuedCertificate... revoked) {
		try {
			Instant now = Instant.now();
			X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer.certificate().getSubjectX500Principal(),
					Date.from(now.minusSeconds(60)));
			builder.setNextUpdate(Date.from(now.plus(validFor)));
			for (IssuedCertificate certificate : revoked) {
				builder.addCRLEntry(certificate.certificate().getSerialNumber(), Date.from(now.minusSeconds(30)),
						CRLReason.keyCompromise);
			}
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
			builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
			X509CRL crl = new JcaX509CRLConverter().getCRL(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.privateKey())));
			StringWriter pem = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
				writer.writeObject(crl);
			}
			return pem.toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Path directory() {
		return this.directory;
	}

}
