package dev.mtls.boot.core;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of mutual TLS: one identity, one trust set, and how peers become principals.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls")
public class MtlsProperties {

	/**
	 * Whether to configure mutual TLS.
	 */
	private boolean enabled = true;

	/**
	 * Name of an SSL bundle defined under 'spring.ssl.bundle.*' to use as identity and trust instead
	 * of 'mtls.identity' and 'mtls.trust'. Its reloads are followed.
	 */
	private @Nullable String bundle;

	/**
	 * How a peer certificate becomes the principal name: 'spiffe-id-or-cn' (the spiffe:// URI SAN, else
	 * the subject CN), 'cn', 'dn' (RFC 2253), 'san-dns', 'san-uri' or 'email' (e-mail SAN, else the subject
	 * emailAddress).
	 */
	private PrincipalMode principal = PrincipalMode.SPIFFE_ID_OR_CN;

	/**
	 * Authorities granted to peers whose principal matches a pattern.
	 */
	private List<Grant> grants = new ArrayList<>();

	private final Identity identity = new Identity();

	private final Trust trust = new Trust();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

	public PrincipalMode getPrincipal() {
		return this.principal;
	}

	public void setPrincipal(PrincipalMode principal) {
		this.principal = principal;
	}

	public List<Grant> getGrants() {
		return this.grants;
	}

	public void setGrants(List<Grant> grants) {
		this.grants = grants;
	}

	public Identity getIdentity() {
		return this.identity;
	}

	public Trust getTrust() {
		return this.trust;
	}

	/**
	 * This service's certificate chain and private key.
	 */
	public static class Identity {

		/**
		 * Location ('file:', 'classpath:', a path) or inline content of the PEM certificate chain, leaf
		 * first.
		 */
		private @Nullable String certificate;

		/**
		 * Location or content of the PEM private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC); encrypted PKCS#8
		 * too.
		 */
		private @Nullable String privateKey;

		/**
		 * Password of an encrypted PKCS#8 private key.
		 */
		private @Nullable String privateKeyPassword;

		private final KeyStoreLocation keystore = new KeyStoreLocation();

		public @Nullable String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable String certificate) {
			this.certificate = certificate;
		}

		public @Nullable String getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable String privateKey) {
			this.privateKey = privateKey;
		}

		public @Nullable String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		public KeyStoreLocation getKeystore() {
			return this.keystore;
		}

	}

	/**
	 * Certificate authorities whose certificates peers may present.
	 */
	public static class Trust {

		/**
		 * Location or content of the PEM CA certificates peers must chain to.
		 */
		private @Nullable String certificates;

		private final Store truststore = new Store();

		public @Nullable String getCertificates() {
			return this.certificates;
		}

		public void setCertificates(@Nullable String certificates) {
			this.certificates = certificates;
		}

		public Store getTruststore() {
			return this.truststore;
		}

	}

	/**
	 * A key store file, an alternative to PEM files.
	 */
	public static class Store {

		/**
		 * Location of the key store file.
		 */
		private @Nullable String location;

		/**
		 * Password of the key store.
		 */
		private @Nullable String password;

		/**
		 * Type of the key store.
		 */
		private String type = "PKCS12";

		public @Nullable String getLocation() {
			return this.location;
		}

		public void setLocation(@Nullable String location) {
			this.location = location;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

	}

	/**
	 * A key store file holding this service's private key and certificate chain.
	 */
	public static class KeyStoreLocation extends Store {

		/**
		 * Alias of the key entry to use; needed only when the key store holds several.
		 */
		private @Nullable String alias;

		public @Nullable String getAlias() {
			return this.alias;
		}

		public void setAlias(@Nullable String alias) {
			this.alias = alias;
		}

	}

	/**
	 * A rule granting authorities to peers.
	 */
	public static class Grant {

		/**
		 * Principal pattern: exact, or a glob where '*' matches any characters but '/' and '**' any
		 * characters.
		 */
		private @Nullable String peer;

		/**
		 * Authorities granted to matching peers.
		 */
		private List<String> authorities = new ArrayList<>();

		public @Nullable String getPeer() {
			return this.peer;
		}

		public void setPeer(@Nullable String peer) {
			this.peer = peer;
		}

		public List<String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(List<String> authorities) {
			this.authorities = authorities;
		}

	}

}
