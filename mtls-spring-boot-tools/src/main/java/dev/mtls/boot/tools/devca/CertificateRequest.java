package dev.mtls.boot.tools.devca;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IdentityNames;
import dev.mtls.boot.devca.PemFiles;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A PKCS#10 certificate signing request: made with a new EC P-256 key for a CA elsewhere, or read
 * from a file, its signature checked, for the development CA to sign.
 *
 * @author mtls-spring-boot
 */
final class CertificateRequest {

	private final JcaPKCS10CertificationRequest request;

	private final @Nullable PrivateKey privateKey;

	private CertificateRequest(JcaPKCS10CertificationRequest request, @Nullable PrivateKey privateKey) {
		this.request = request;
		this.privateKey = privateKey;
	}

	/**
	 * Make a request for the names, the SPIFFE ID first, with a new key.
	 * @param names the subject and the subject alternative names
	 * @return the request and its private key
	 */
	static CertificateRequest create(IdentityNames names) {
		List<GeneralName> alternativeNames = new ArrayList<>();
		alternativeNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, names.spiffeId()));
		names.dnsNames().forEach((name) -> alternativeNames.add(new GeneralName(GeneralName.dNSName, name)));
		names.ipAddresses().forEach((address) -> alternativeNames.add(new GeneralName(GeneralName.iPAddress, address)));
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair keys = generator.generateKeyPair();
			// RFC 2253 order, as the JDK reads and prints names: most specific first.
			X500Name subject = X500Name.getInstance(new X500Principal(names.subject()).getEncoded());
			PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject,
					keys.getPublic());
			ExtensionsGenerator extensions = new ExtensionsGenerator();
			extensions.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
			builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
			return new CertificateRequest(new JcaPKCS10CertificationRequest(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))),
					keys.getPrivate());
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Unable to make a certificate signing request for " + names.subject(), ex);
		}
	}

	/**
	 * Read a PEM request and check that its own key signed it.
	 * @param file the request file
	 * @return the request, without a private key
	 * @throws IllegalArgumentException with the reason when the file is unreadable, not a request,
	 * or the signature does not match
	 */
	static CertificateRequest read(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot be read (" + ex + ")", ex);
		}
		PKCS10CertificationRequest request = parse(text);
		if (request == null) {
			throw new IllegalArgumentException(
					"is not a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)");
		}
		CertificateRequest read = new CertificateRequest(new JcaPKCS10CertificationRequest(request), null);
		if (!read.signatureMatches()) {
			throw new IllegalArgumentException(
					"has a signature that does not match its content: it was changed after its key signed it");
		}
		return read;
	}

	private static @Nullable PKCS10CertificationRequest parse(String text) {
		try (PEMParser parser = new PEMParser(new StringReader(text))) {
			return (parser.readObject() instanceof PKCS10CertificationRequest request) ? request : null;
		}
		catch (IOException | RuntimeException ex) {
			// Damaged Base64 or DER: not a request either.
			return null;
		}
	}

	private boolean signatureMatches() {
		try {
			return this.request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey()));
		}
		catch (OperatorCreationException | PKCSException ex) {
			throw new IllegalArgumentException("has a signature that cannot be checked (" + ex.getMessage() + ")", ex);
		}
	}

	/**
	 * Return the subject the request asks for.
	 * @return the subject, RFC 2253
	 */
	String subject() {
		return new X500Principal(encoded(this.request.getSubject())).getName();
	}

	private PublicKey publicKey() {
		try {
			return this.request.getPublicKey();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("has a public key the JDK cannot read (" + ex.getMessage() + ")", ex);
		}
	}

	/**
	 * Have a certificate certify what the request asks for: its subject, its public key and its
	 * subject alternative names. The private key stays with the request's owner, so the issued
	 * certificate has none.
	 * @param builder the builder, to be issued by a CA
	 * @return the builder
	 * @throws IllegalArgumentException for a kind of name other than URI, DNS, IP and e-mail
	 */
	CertificateBuilder certify(CertificateBuilder builder) {
		builder.subject(subject()).keyPair(new KeyPair(publicKey(), null));
		for (GeneralName name : subjectAlternativeNames()) {
			switch (name.getTagNo()) {
				case GeneralName.uniformResourceIdentifier -> builder.uri(string(name));
				case GeneralName.dNSName -> builder.dns(string(name));
				case GeneralName.iPAddress -> builder.ip(address(ASN1OctetString.getInstance(name.getName()).getOctets()));
				case GeneralName.rfc822Name -> builder.email(string(name));
				default -> throw new IllegalArgumentException("asks for a subject alternative name of a kind the "
						+ "development CA does not certify (" + name + "); it takes URI, DNS, IP and e-mail names");
			}
		}
		return builder;
	}

	private static String string(GeneralName name) {
		return ((ASN1String) name.getName()).getString();
	}

	private List<GeneralName> subjectAlternativeNames() {
		Extensions extensions = this.request.getRequestedExtensions();
		GeneralNames names = (extensions != null)
				? GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName) : null;
		return (names != null) ? List.of(names.getNames()) : List.of();
	}

	/**
	 * Describe the subject alternative names the way {@code openssl} and the doctor do, e.g.
	 * {@code DNS:localhost}.
	 * @return one entry per name
	 */
	List<String> describeSubjectAlternativeNames() {
		List<String> described = new ArrayList<>();
		for (GeneralName name : subjectAlternativeNames()) {
			described.add(describe(name));
		}
		return described;
	}

	private static String describe(GeneralName name) {
		return switch (name.getTagNo()) {
			case GeneralName.rfc822Name -> "EMAIL:" + string(name);
			case GeneralName.dNSName -> "DNS:" + string(name);
			case GeneralName.uniformResourceIdentifier -> "URI:" + string(name);
			case GeneralName.iPAddress -> "IP:" + address(ASN1OctetString.getInstance(name.getName()).getOctets());
			default -> name.toString();
		};
	}

	private static String address(byte[] octets) {
		try {
			return InetAddress.getByAddress(octets).getHostAddress();
		}
		catch (UnknownHostException ex) {
			return "unreadable";
		}
	}

	/**
	 * Write the request and, when made here, its private key as PEM files, each replaced atomically;
	 * the key file is readable by its owner only.
	 * @param requestFile the request file
	 * @param keyFile the key file
	 */
	void writePem(Path requestFile, Path keyFile) {
		PemFiles.writePublic(requestFile, PemFiles.pem(this.request));
		PemFiles.writePrivate(keyFile, PemFiles.privateKeyPem(
				Objects.requireNonNull(this.privateKey, "only a request made here has a key to write")));
	}

	private static byte[] encoded(X500Name name) {
		try {
			return name.getEncoded();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("has a subject that cannot be encoded", ex);
		}
	}

}
