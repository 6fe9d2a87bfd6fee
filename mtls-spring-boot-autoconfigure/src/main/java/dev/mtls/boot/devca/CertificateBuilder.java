package dev.mtls.boot.devca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Issues X.509 certificates with Bouncy Castle: EC P-256 keys, positive 159-bit random serials, SPIFFE ID
 * and DNS subject alternative names, and the key usages TLS expects. Used by the development CA, its
 * certificate commands (mtls-spring-boot-tools) and tests, which also make deliberately broken variants
 * (expired, wrong key usage).
 *
 * @author mtls-spring-boot
 */
public final class CertificateBuilder {

	private static final SecureRandom RANDOM = new SecureRandom();

	private String subject = "CN=mtls";

	private final List<GeneralName> subjectAlternativeNames = new ArrayList<>();

	private Instant notBefore = Instant.now().minus(Duration.ofMinutes(5));

	private Instant notAfter = Instant.now().plus(Duration.ofDays(365));

	private boolean authority;

	private List<KeyPurposeId> extendedKeyUsages = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);

	private @Nullable IssuedCertificate issuer;

	private @Nullable KeyPair keyPair;

	/**
	 * Set the subject distinguished name in RFC 2253 form, e.g. {@code CN=orders,O=shop}.
	 * @param subject the subject
	 * @return this builder
	 */
	public CertificateBuilder subject(String subject) {
		this.subject = subject;
		return this;
	}

	/**
	 * Add a URI subject alternative name, e.g. a SPIFFE ID.
	 * @param uri the URI
	 * @return this builder
	 */
	public CertificateBuilder uri(String uri) {
		this.subjectAlternativeNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
		return this;
	}

	/**
	 * Add a DNS subject alternative name.
	 * @param name the host name
	 * @return this builder
	 */
	public CertificateBuilder dns(String name) {
		this.subjectAlternativeNames.add(new GeneralName(GeneralName.dNSName, name));
		return this;
	}

	/**
	 * Add an IP address subject alternative name.
	 * @param address the address, e.g. {@code 127.0.0.1}
	 * @return this builder
	 */
	public CertificateBuilder ip(String address) {
		this.subjectAlternativeNames.add(new GeneralName(GeneralName.iPAddress, address));
		return this;
	}

	/**
	 * Add an e-mail subject alternative name.
	 * @param address the address
	 * @return this builder
	 */
	public CertificateBuilder email(String address) {
		this.subjectAlternativeNames.add(new GeneralName(GeneralName.rfc822Name, address));
		return this;
	}

	/**
	 * Set the validity period.
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @return this builder
	 */
	public CertificateBuilder validity(Instant notBefore, Instant notAfter) {
		this.notBefore = notBefore;
		this.notAfter = notAfter;
		return this;
	}

	/**
	 * Make the certificate valid from five minutes ago (for clocks a little behind) for the given
	 * time. Public for the certificate commands of mtls-spring-boot-tools, not API.
	 * @param validity how long from now the certificate is valid
	 * @return this builder
	 */
	public CertificateBuilder validFor(Duration validity) {
		Instant now = Instant.now();
		return validity(now.minus(Duration.ofMinutes(5)), now.plus(validity));
	}

	/**
	 * Make the certificate a certificate authority (no extended key usage).
	 * @return this builder
	 */
	public CertificateBuilder authority() {
		this.authority = true;
		this.extendedKeyUsages = List.of();
		return this;
	}

	/**
	 * Allow only TLS server authentication (no clientAuth extended key usage).
	 * @return this builder
	 */
	public CertificateBuilder serverOnly() {
		this.extendedKeyUsages = List.of(KeyPurposeId.id_kp_serverAuth);
		return this;
	}

	/**
	 * Allow only TLS client authentication (no serverAuth extended key usage).
	 * @return this builder
	 */
	public CertificateBuilder clientOnly() {
		this.extendedKeyUsages = List.of(KeyPurposeId.id_kp_clientAuth);
		return this;
	}

	/**
	 * Issue from the given authority instead of self-signing.
	 * @param issuer the issuing certificate authority
	 * @return this builder
	 */
	public CertificateBuilder issuedBy(IssuedCertificate issuer) {
		this.issuer = issuer;
		return this;
	}

	/**
	 * Use the given key pair instead of generating one.
	 * @param keyPair the key pair
	 * @return this builder
	 */
	public CertificateBuilder keyPair(KeyPair keyPair) {
		this.keyPair = keyPair;
		return this;
	}

	/**
	 * Issue the certificate.
	 * @return the certificate, its key and its chain
	 */
	public IssuedCertificate issue() {
		try {
			KeyPair keys = (this.keyPair != null) ? this.keyPair : generateKeyPair();
			X500Name subjectName = subjectName();
			// The issuer name is the issuing CA's subject, as path validation requires.
			X500Name issuerName = (this.issuer != null)
					? X500Name.getInstance(this.issuer.certificate().getSubjectX500Principal().getEncoded()) : subjectName;
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
					serialNumber(), Date.from(this.notBefore), Date.from(this.notAfter), subjectName,
					keys.getPublic());
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(keys.getPublic()));
			if (this.issuer != null) {
				builder.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(this.issuer.certificate()));
			}
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(this.authority));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(this.authority
					? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
			if (!this.extendedKeyUsages.isEmpty()) {
				builder.addExtension(Extension.extendedKeyUsage, false,
						new ExtendedKeyUsage(this.extendedKeyUsages.toArray(KeyPurposeId[]::new)));
			}
			if (!this.subjectAlternativeNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames());
			}
			PrivateKey signingKey = (this.issuer != null) ? this.issuer.privateKey() : keys.getPrivate();
			X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer(signingKey)));
			List<X509Certificate> chain = new ArrayList<>();
			chain.add(certificate);
			if (this.issuer != null && !isSelfSigned(this.issuer.certificate())) {
				chain.addAll(this.issuer.chain());
			}
			return new IssuedCertificate(certificate, keys.getPrivate(), chain);
		}
		catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
			throw new IllegalStateException("Unable to issue certificate for " + this.subject, ex);
		}
	}

	/**
	 * A random positive serial of at most 20 octets, as RFC 5280 requires: 159 bits, so the DER
	 * integer needs no leading zero octet (160 random bits would take 21 octets half the time).
	 */
	static BigInteger serialNumber() {
		BigInteger serial = new BigInteger(159, RANDOM);
		return (serial.signum() == 0) ? BigInteger.ONE : serial;
	}

	private X500Name subjectName() {
		// RFC 2253 order, as the JDK reads and prints names: most specific first.
		return X500Name.getInstance(new X500Principal(this.subject).getEncoded());
	}

	private GeneralNames subjectAlternativeNames() {
		return new GeneralNames(this.subjectAlternativeNames.toArray(GeneralName[]::new));
	}

	private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
		return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
	}

	private static boolean isSelfSigned(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
	}

	private static KeyPair generateKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

}
