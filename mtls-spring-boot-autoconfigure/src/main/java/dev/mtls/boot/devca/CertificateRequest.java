package dev.mtls.boot.devca;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A PKCS#10 certificate signing request: made by {@link CertificateBuilder#request()} with a new
 * key for a CA elsewhere, or read from a file, its signature checked, for the development CA to
 * sign.
 *
 * @author mtls-spring-boot
 */
final class CertificateRequest {

	private final JcaPKCS10CertificationRequest request;

	private final PrivateKey privateKey;

	CertificateRequest(JcaPKCS10CertificationRequest request, PrivateKey privateKey) {
		this.request = request;
		this.privateKey = privateKey;
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

	private static PKCS10CertificationRequest parse(String text) {
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

	PublicKey publicKey() {
		try {
			return this.request.getPublicKey();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("has a public key the JDK cannot read (" + ex.getMessage() + ")", ex);
		}
	}

	/**
	 * Return the subject alternative names of the request's extension request.
	 * @return the names, empty when it asks for none
	 */
	List<GeneralName> subjectAlternativeNames() {
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
			case GeneralName.rfc822Name -> "EMAIL:" + ((ASN1String) name.getName()).getString();
			case GeneralName.dNSName -> "DNS:" + ((ASN1String) name.getName()).getString();
			case GeneralName.uniformResourceIdentifier -> "URI:" + ((ASN1String) name.getName()).getString();
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
		PemFiles.writePrivate(keyFile, PemFiles.privateKeyPem(this.privateKey));
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
