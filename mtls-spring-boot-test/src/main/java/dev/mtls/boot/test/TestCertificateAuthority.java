package dev.mtls.boot.test;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * A throwaway CA for one trust domain, shared by every test in the JVM that names that domain (so
 * Spring's context cache keeps working). Issues with the starter's development CA code (Bouncy
 * Castle): EC P-256, a day's validity, both server and client use unless a variant says otherwise.
 * One peer is revoked in its CRL from the start: {@link MtlsTestPeers#revoked()}.
 *
 * @author mtls-spring-boot
 */
public final class TestCertificateAuthority {

	private static final Map<String, TestCertificateAuthority> AUTHORITIES = new ConcurrentHashMap<>();

	private final String trustDomain;

	private final IssuedCertificate root = new CertificateBuilder().subject("CN=mTLS Test CA").authority().issue();

	// An unrelated CA, for peers that must be refused as untrusted.
	private final IssuedCertificate stranger = new CertificateBuilder().subject("CN=Untrusted Test CA")
		.authority()
		.issue();

	private final IssuedCertificate revoked;

	private final Path directory;

	private TestCertificateAuthority(String trustDomain) {
		this.trustDomain = trustDomain;
		this.revoked = named(spiffeId("revoked")).issuedBy(this.root).issue();
		try {
			this.directory = Files.createTempDirectory("mtls-test-" + trustDomain);
			this.directory.toFile().deleteOnExit();
			Files.writeString(this.directory.resolve("ca.crt"), this.root.certificatePem());
			Files.writeString(this.directory.resolve("ca.crl"), crl());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The CA for a trust domain, created on first use.
	 * @param trustDomain the trust domain
	 * @return the CA
	 */
	public static TestCertificateAuthority forTrustDomain(String trustDomain) {
		return AUTHORITIES.computeIfAbsent(trustDomain, TestCertificateAuthority::new);
	}

	/**
	 * The SPIFFE ID of a service in this trust domain.
	 * @param service the service name
	 * @return {@code spiffe://<trust-domain>/ns/test/sa/<service>}
	 */
	public String spiffeId(String service) {
		return "spiffe://" + this.trustDomain + "/ns/test/sa/" + service;
	}

	/**
	 * The CA certificate and key.
	 * @return the root
	 */
	public IssuedCertificate root() {
		return this.root;
	}

	IssuedCertificate issue(String name, Variant variant) {
		CertificateBuilder builder = named(name);
		Instant now = Instant.now();
		switch (variant) {
			case GOOD -> builder.issuedBy(this.root);
			case EXPIRED -> builder.issuedBy(this.root).validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
			case NOT_YET_VALID -> builder.issuedBy(this.root).validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
			case UNTRUSTED -> builder.issuedBy(this.stranger);
			case WRONG_USAGE -> builder.issuedBy(this.root).serverOnly();
		}
		return builder.issue();
	}

	IssuedCertificate revoked() {
		return this.revoked;
	}

	/**
	 * Write a server identity for the application under test and return the properties that
	 * configure it.
	 * @param service the service name in its SPIFFE ID
	 * @param revocation whether to check this CA's CRL
	 * @return {@code mtls.*} properties
	 */
	Map<String, Object> serverProperties(String service, boolean revocation) {
		IssuedCertificate identity = new CertificateBuilder().subject("CN=" + service)
			.uri(spiffeId(service))
			.dns("localhost")
			.ip("127.0.0.1")
			.issuedBy(this.root)
			.issue();
		Path certificate = this.directory.resolve(service + ".crt");
		Path key = this.directory.resolve(service + ".key");
		identity.writePem(certificate, key);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("mtls.dev.enabled", "false");
		properties.put("mtls.identity.certificate", "file:" + certificate);
		properties.put("mtls.identity.private-key", "file:" + key);
		properties.put("mtls.trust.certificates", "file:" + this.directory.resolve("ca.crt"));
		if (revocation) {
			properties.put("mtls.revocation.mode", "crl");
			properties.put("mtls.revocation.crl-locations", "file:" + this.directory.resolve("ca.crl"));
		}
		return properties;
	}

	private static CertificateBuilder named(String name) {
		if (name.startsWith("spiffe://")) {
			return new CertificateBuilder().subject("CN=" + name.substring(name.lastIndexOf('/') + 1)).uri(name);
		}
		return new CertificateBuilder().subject("CN=" + name);
	}

	private String crl() {
		try {
			Instant now = Instant.now();
			X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(this.root.certificate().getSubjectX500Principal(),
					Date.from(now.minusSeconds(60)));
			builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
			builder.addCRLEntry(this.revoked.certificate().getSerialNumber(), Date.from(now.minusSeconds(30)),
					CRLReason.keyCompromise);
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(this.root.certificate()));
			builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
			X509CRL crl = new JcaX509CRLConverter()
				.getCRL(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(this.root.privateKey())));
			StringWriter pem = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
				writer.writeObject(crl);
			}
			return pem.toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create the test CA's CRL", ex);
		}
	}

	/**
	 * How a test certificate is (deliberately) made.
	 */
	enum Variant {

		GOOD, EXPIRED, NOT_YET_VALID, UNTRUSTED, WRONG_USAGE

	}

}
