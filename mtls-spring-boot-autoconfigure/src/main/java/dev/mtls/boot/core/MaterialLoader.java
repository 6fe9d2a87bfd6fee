package dev.mtls.boot.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.mtls.boot.core.MtlsProperties.Store;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.util.StringUtils;

/**
 * Loads and validates the identity and trust set from {@code mtls.*} properties or from an
 * existing SSL bundle. Every failure names the property, the file and the fix.
 *
 * @author mtls-spring-boot
 */
final class MaterialLoader {

	private final MaterialSource source;

	private final Clock clock;

	MaterialLoader(MaterialSource source, Clock clock) {
		this.source = source;
		this.clock = clock;
	}

	Material load(MtlsProperties properties) {
		MtlsProperties.Identity identity = properties.getIdentity();
		Identity loaded = loadIdentity(identity);
		boolean keystore = StringUtils.hasText(identity.getKeystore().getLocation());
		requireValidNow(loaded, keystore ? "mtls.identity.keystore.location" : "mtls.identity.certificate",
				keystore ? identity.getKeystore().getLocation() : describe(identity.getCertificate()));
		return new Material(loaded, loadTrust(properties.getTrust()));
	}

	Material load(String bundleName, SslBundle bundle) {
		String property = "mtls.bundle";
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			throw ConfigurationProblem.of(property, bundleName, "the SSL bundle has no key store, so no identity.",
					"Give spring.ssl.bundle.*.%s a keystore (certificate and private key).".formatted(bundleName));
		}
		String password = (bundle.getKey().getPassword() != null) ? bundle.getKey().getPassword()
				: bundle.getStores().getKeyStorePassword();
		Identity identity = identityFrom(keyStore, bundle.getKey().getAlias(), password, property, bundleName);
		requireValidNow(identity, property, bundleName);
		KeyStore trustStore = bundle.getStores().getTrustStore();
		TrustSet trust = (trustStore != null) ? trustFrom(trustStore, property, bundleName) : TrustSet.NONE;
		return new Material(identity, trust);
	}

	/**
	 * Check material an {@link IdentitySource} produced as a loaded file is checked: chain in order,
	 * key matching the certificate, identity valid now.
	 * @param material what the source produced
	 * @param source the source's name, for the message
	 * @return the material
	 */
	Material check(Material material, String source) {
		String property = "mtls.identity." + source;
		List<X509Certificate> chain = material.identity().chain();
		MaterialValidation.validateForSwap(material);
		if (!KeyMatch.matches(material.identity().privateKey(), chain.get(0).getPublicKey())) {
			throw ConfigurationProblem.of(property, source, "its private key does not match its certificate.",
					"Report this to the issuer: the source delivered a certificate and key that do not belong together.");
		}
		requireValidNow(material.identity(), property, source);
		return material;
	}

	/**
	 * An identity outside its validity would be served all the same, and every peer would refuse
	 * it: refuse it here, at startup and on reload alike, naming where it came from.
	 */
	private void requireValidNow(Identity identity, String property, @Nullable String location) {
		Instant now = this.clock.instant();
		List<X509Certificate> chain = identity.chain();
		for (int i = 0; i < chain.size(); i++) {
			X509Certificate certificate = chain.get(i);
			String which = (i == 0) ? "the identity certificate" : "certificate %d of the identity chain".formatted(i);
			String subject = certificate.getSubjectX500Principal().getName();
			if (now.isAfter(certificate.getNotAfter().toInstant())) {
				throw ConfigurationProblem.of(property, location,
						"%s (subject %s, serial %s) expired at %s.".formatted(which, subject,
								certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant()),
						"Renew it (with cert-manager, look at the Certificate's status and its issuer). A running "
								+ "service picks up renewed files without a restart; until then it keeps what it has.");
			}
			if (now.isBefore(certificate.getNotBefore().toInstant())) {
				throw ConfigurationProblem.of(property, location,
						"%s (subject %s, serial %s) is not valid before %s.".formatted(which, subject,
								certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant()),
						"Check this machine's clock and the issuer's; the certificate becomes usable at that time.");
			}
		}
	}

	private Identity loadIdentity(MtlsProperties.Identity properties) {
		boolean pem = StringUtils.hasText(properties.getCertificate());
		boolean keystore = StringUtils.hasText(properties.getKeystore().getLocation());
		if (pem && keystore) {
			throw ConfigurationProblem.of(
					"both mtls.identity.certificate and mtls.identity.keystore.location are set.",
					"Configure the identity one way: PEM files (mtls.identity.certificate and mtls.identity.private-key) or a key store (mtls.identity.keystore.*).");
		}
		if (keystore) {
			return loadIdentityFromKeyStore(properties.getKeystore());
		}
		if (!pem) {
			throw ConfigurationProblem.of("no identity is configured.",
					"Set mtls.identity.certificate and mtls.identity.private-key (PEM files, e.g. from a Kubernetes TLS secret), "
							+ "or mtls.identity.keystore.location, or mtls.bundle; for local development only, mtls.dev.enabled=true "
							+ "issues one from a development CA. Set mtls.enabled=false to turn mutual TLS off.");
		}
		if (!StringUtils.hasText(properties.getPrivateKey())) {
			throw ConfigurationProblem.of("mtls.identity.private-key", "",
					"mtls.identity.certificate is set but the private key is missing.",
					"Set mtls.identity.private-key to the PEM private key of the certificate (for example file:/etc/tls/tls.key).");
		}
		List<X509Certificate> chain = readCertificates("mtls.identity.certificate", properties.getCertificate());
		requireOrdered(chain, properties.getCertificate());
		PrivateKey key = readPrivateKey(properties);
		if (!KeyMatch.supports(key.getAlgorithm())) {
			throw ConfigurationProblem.of("mtls.identity.private-key", describe(properties.getPrivateKey()),
					"it is a %s key, which cannot sign TLS handshakes here.".formatted(key.getAlgorithm()),
					"Use an EC (P-256 or P-384), RSA or Ed25519 key.");
		}
		if (!KeyMatch.matches(key, chain.get(0).getPublicKey())) {
			throw ConfigurationProblem.of(
					"the private key in mtls.identity.private-key '%s' does not match the certificate in mtls.identity.certificate '%s' (subject %s)."
						.formatted(describe(properties.getPrivateKey()), describe(properties.getCertificate()),
								chain.get(0).getSubjectX500Principal().getName()),
					"Use the private key that was generated with this certificate: both usually come from the same secret (tls.key and tls.crt). "
							+ "If the certificate was just renewed, the key file may still be the old one.");
		}
		return new Identity(chain, key);
	}

	// The JDK's key store refuses an unordered chain only with "Certificate chain is not valid".
	private static void requireOrdered(List<X509Certificate> chain, @Nullable String location) {
		for (int i = 0; i + 1 < chain.size(); i++) {
			if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
				throw ConfigurationProblem.of("mtls.identity.certificate", describe(location),
						"the chain is out of order: certificate %d (%s) is not issued by certificate %d (%s).".formatted(i,
								chain.get(i).getSubjectX500Principal().getName(), i + 1,
								chain.get(i + 1).getSubjectX500Principal().getName()),
						"Write the chain leaf first, each certificate followed by its issuer (cert-manager's tls.crt "
								+ "already is); leave out certificates that do not belong to it.");
			}
		}
	}

	private PrivateKey readPrivateKey(MtlsProperties.Identity properties) {
		String property = "mtls.identity.private-key";
		String location = properties.getPrivateKey();
		String text = this.source.readText(property, location);
		try {
			PemContent content = PemContent.of(text);
			PrivateKey key = (content != null) ? content.getPrivateKey(properties.getPrivateKeyPassword()) : null;
			if (key == null) {
				throw new IllegalStateException("no private key found");
			}
			return key;
		}
		catch (RuntimeException ex) {
			boolean encrypted = text.contains("ENCRYPTED");
			String action = encrypted
					? "The key is encrypted: set mtls.identity.private-key-password to its password (only encrypted PKCS#8, 'BEGIN ENCRYPTED PRIVATE KEY', is supported)."
					: "Point %s at a PEM private key (PKCS#8 'BEGIN PRIVATE KEY', PKCS#1 'BEGIN RSA PRIVATE KEY' or SEC1 'BEGIN EC PRIVATE KEY').".formatted(property);
			throw ConfigurationProblem.of(property, describe(location),
					"the private key cannot be read (" + ex.getMessage() + ").", action, ex);
		}
	}

	private Identity loadIdentityFromKeyStore(MtlsProperties.KeyStoreLocation store) {
		KeyStore keyStore = loadKeyStore("mtls.identity.keystore", store);
		return identityFrom(keyStore, store.getAlias(), store.getPassword(), "mtls.identity.keystore.location",
				String.valueOf(store.getLocation()));
	}

	private Identity identityFrom(KeyStore keyStore, @Nullable String alias, @Nullable String password, String property,
			String value) {
		try {
			String keyAlias = (alias != null) ? alias : singleKeyAlias(keyStore, property, value);
			if (!keyStore.isKeyEntry(keyAlias)) {
				throw ConfigurationProblem.of(property, value,
						"it holds no private key under alias '%s'; key aliases: %s.".formatted(keyAlias,
								keyAliases(keyStore)),
						"Set the alias (mtls.identity.keystore.alias or the bundle's key.alias) to one of the key aliases.");
			}
			Key key = keyStore.getKey(keyAlias, (password != null) ? password.toCharArray() : new char[0]);
			Certificate[] certificates = keyStore.getCertificateChain(keyAlias);
			List<X509Certificate> chain = new ArrayList<>();
			for (Certificate certificate : certificates) {
				chain.add((X509Certificate) certificate);
			}
			return new Identity(chain, (PrivateKey) key);
		}
		catch (UnrecoverableKeyException ex) {
			throw ConfigurationProblem.of(property, value, "the private key cannot be recovered with the given password.",
					"Set the key store password (mtls.identity.keystore.password) to the one the key was stored with.", ex);
		}
		catch (GeneralSecurityException ex) {
			throw ConfigurationProblem.of(property, value, "the key entry cannot be read (" + ex.getMessage() + ").",
					"Re-create the key store with one private key entry and its certificate chain.", ex);
		}
	}

	private String singleKeyAlias(KeyStore keyStore, String property, String value) throws GeneralSecurityException {
		List<String> aliases = keyAliases(keyStore);
		if (aliases.size() != 1) {
			throw ConfigurationProblem.of(property, value,
					"it holds %d private keys %s, so which one is this service's identity is ambiguous."
						.formatted(aliases.size(), aliases),
					"Set mtls.identity.keystore.alias (or the bundle's key.alias) to the alias of this service's key.");
		}
		return aliases.get(0);
	}

	private List<String> keyAliases(KeyStore keyStore) throws GeneralSecurityException {
		List<String> aliases = new ArrayList<>();
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias)) {
				aliases.add(alias);
			}
		}
		return aliases;
	}

	TrustSet loadTrust(MtlsProperties.Trust properties) {
		boolean pem = StringUtils.hasText(properties.getCertificates());
		boolean truststore = StringUtils.hasText(properties.getTruststore().getLocation());
		if (pem && truststore) {
			throw ConfigurationProblem.of("both mtls.trust.certificates and mtls.trust.truststore.location are set.",
					"Configure the trust set one way: PEM CA certificates (mtls.trust.certificates) or a trust store (mtls.trust.truststore.*).");
		}
		if (pem) {
			return new TrustSet(readCertificates("mtls.trust.certificates", properties.getCertificates()));
		}
		if (truststore) {
			KeyStore store = loadKeyStore("mtls.trust.truststore", properties.getTruststore());
			return trustFrom(store, "mtls.trust.truststore.location", properties.getTruststore().getLocation());
		}
		return TrustSet.NONE;
	}

	private TrustSet trustFrom(KeyStore store, String property, @Nullable String value) {
		try {
			List<X509Certificate> anchors = new ArrayList<>();
			for (String alias : Collections.list(store.aliases())) {
				if (store.getCertificate(alias) instanceof X509Certificate certificate) {
					anchors.add(certificate);
				}
			}
			if (anchors.isEmpty()) {
				throw ConfigurationProblem.of(property, value, "it holds no certificates.",
						"Import the CA certificates peers chain to into the trust store.");
			}
			return new TrustSet(anchors);
		}
		catch (GeneralSecurityException ex) {
			throw ConfigurationProblem.of(property, value, "the trust store cannot be read (" + ex.getMessage() + ").",
					"Re-create the trust store with the CA certificates.", ex);
		}
	}

	private List<X509Certificate> readCertificates(String property, @Nullable String location) {
		String text = this.source.readText(property, location);
		List<X509Certificate> certificates;
		try {
			PemContent content = PemContent.of(text);
			certificates = (content != null) ? content.getCertificates() : null;
		}
		catch (RuntimeException ex) {
			throw ConfigurationProblem.of(property, describe(location),
					"it is not valid PEM (" + ex.getMessage() + ").",
					"Point %s at PEM certificates ('-----BEGIN CERTIFICATE-----' blocks), not DER, a key or a key store.".formatted(property),
					ex);
		}
		if (certificates == null || certificates.isEmpty()) {
			throw ConfigurationProblem.of(property, describe(location), "it contains no PEM certificate.",
					"Point %s at PEM certificates ('-----BEGIN CERTIFICATE-----' blocks), not DER, a key or a key store.".formatted(property));
		}
		return certificates;
	}

	private KeyStore loadKeyStore(String prefix, Store store) {
		String property = prefix + ".location";
		byte[] bytes = this.source.readBytes(property, store.getLocation());
		try {
			KeyStore keyStore = KeyStore.getInstance(store.getType());
			char[] password = (store.getPassword() != null) ? store.getPassword().toCharArray() : null;
			keyStore.load(new ByteArrayInputStream(bytes), password);
			return keyStore;
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof UnrecoverableKeyException) {
				throw ConfigurationProblem.of(property, store.getLocation(), "the password is wrong.",
						"Set %s.password to the key store's password.".formatted(prefix), ex);
			}
			throw ConfigurationProblem.of(property, store.getLocation(),
					"it cannot be read as a %s key store (%s).".formatted(store.getType(), ex.getMessage()),
					"Check %s.type (PKCS12 or JKS) and %s.password.".formatted(prefix, prefix), ex);
		}
		catch (GeneralSecurityException ex) {
			throw ConfigurationProblem.of(property, store.getLocation(),
					"it cannot be read as a %s key store (%s).".formatted(store.getType(), ex.getMessage()),
					"Check %s.type (PKCS12 or JKS).".formatted(prefix), ex);
		}
	}

	private static @Nullable String describe(@Nullable String location) {
		return (location != null && location.contains("-----BEGIN")) ? "<inline PEM>" : location;
	}

}
