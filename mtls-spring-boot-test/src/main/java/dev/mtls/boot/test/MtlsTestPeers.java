package dev.mtls.boot.test;

import java.util.function.Supplier;

import dev.mtls.boot.test.TestCertificateAuthority.Variant;

/**
 * The peers a test can act as against the application under test. Available as a bean in
 * {@link MtlsTest @MtlsTest} contexts ({@code @Autowired MtlsTestPeers peers}). A name is either a
 * SPIFFE ID (the certificate's URI SAN, with its last segment as common name) or a plain common name.
 *
 * @author mtls-spring-boot
 */
public final class MtlsTestPeers {

	private final TestCertificateAuthority authority;

	private final Supplier<String> baseUrl;

	MtlsTestPeers(TestCertificateAuthority authority, Supplier<String> baseUrl) {
		this.authority = authority;
		this.baseUrl = baseUrl;
	}

	/**
	 * A peer with a valid certificate from the test CA.
	 * @param name a SPIFFE ID or a common name
	 * @return the peer
	 */
	public TestPeer as(String name) {
		return peer(name, Variant.GOOD);
	}

	/**
	 * A peer of this trust domain by service name.
	 * @param service the service name
	 * @return the peer {@code spiffe://<trust-domain>/ns/test/sa/<service>}
	 */
	public TestPeer service(String service) {
		return as(this.authority.spiffeId(service));
	}

	/**
	 * A peer whose certificate expired yesterday.
	 * @param name a SPIFFE ID or a common name
	 * @return the peer
	 */
	public TestPeer expired(String name) {
		return peer(name, Variant.EXPIRED);
	}

	/**
	 * A peer whose certificate becomes valid tomorrow.
	 * @param name a SPIFFE ID or a common name
	 * @return the peer
	 */
	public TestPeer notYetValid(String name) {
		return peer(name, Variant.NOT_YET_VALID);
	}

	/**
	 * A peer whose certificate comes from a CA the application does not trust.
	 * @param name a SPIFFE ID or a common name
	 * @return the peer
	 */
	public TestPeer untrusted(String name) {
		return peer(name, Variant.UNTRUSTED);
	}

	/**
	 * A peer whose certificate is for servers only (extended key usage without clientAuth).
	 * @param name a SPIFFE ID or a common name
	 * @return the peer
	 */
	public TestPeer wrongUsage(String name) {
		return peer(name, Variant.WRONG_USAGE);
	}

	/**
	 * A peer whose certificate is revoked in the test CA's CRL (needs
	 * {@link MtlsTest#revocation()}, the default).
	 * @return the peer {@code spiffe://<trust-domain>/ns/test/sa/revoked}
	 */
	public TestPeer revoked() {
		return new TestPeer(this.authority.revoked(), this.authority.root().certificate(), this.baseUrl);
	}

	/**
	 * A peer without a certificate.
	 * @return the peer
	 */
	public TestPeer anonymous() {
		return new TestPeer(null, this.authority.root().certificate(), this.baseUrl);
	}

	/**
	 * The test CA.
	 * @return the CA
	 */
	public TestCertificateAuthority authority() {
		return this.authority;
	}

	private TestPeer peer(String name, Variant variant) {
		return new TestPeer(this.authority.issue(name, variant), this.authority.root().certificate(), this.baseUrl);
	}

}
