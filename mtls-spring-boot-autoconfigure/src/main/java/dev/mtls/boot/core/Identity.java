package dev.mtls.boot.core;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.springframework.util.Assert;

/**
 * This service's certificate chain (leaf first) and the private key of the leaf.
 *
 * @param chain the certificate chain, leaf first
 * @param privateKey the private key of the leaf certificate
 * @author mtls-spring-boot
 */
public record Identity(List<X509Certificate> chain, PrivateKey privateKey) {

	public Identity {
		Assert.notEmpty(chain, "'chain' must not be empty");
		Assert.notNull(privateKey, "'privateKey' must not be null");
		chain = List.copyOf(chain);
	}

	/**
	 * Return the leaf certificate.
	 * @return the certificate that names this service
	 */
	public X509Certificate certificate() {
		return this.chain.get(0);
	}

	@Override
	public String toString() {
		return "Identity[" + certificate().getSubjectX500Principal().getName() + "]";
	}

}
