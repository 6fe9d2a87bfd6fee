package dev.mtls.boot.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.core.RevocationMode;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of revocation checking of peer certificates.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.revocation")
public class MtlsRevocationProperties {

	/**
	 * How peer certificates are checked for revocation: 'none', 'crl', 'ocsp', or 'ocsp-then-crl'
	 * (OCSP, falling back to CRLs when OCSP gives no answer).
	 */
	private RevocationMode mode = RevocationMode.NONE;

	/**
	 * Locations ('file:' or 'http(s):') of CRLs, used in addition to CRL distribution points in
	 * certificates. Files are watched, HTTP CRLs refreshed before their nextUpdate.
	 */
	private List<String> crlLocations = new ArrayList<>();

	/**
	 * URL of an OCSP responder to use instead of the one named in each certificate.
	 */
	private @Nullable String ocspResponder;

	/**
	 * Whether to accept (but log) a peer whose revocation status cannot be determined.
	 */
	private boolean softFail;

	/**
	 * Upper bound on caching OCSP answers and CRLs; a CRL's nextUpdate wins if sooner.
	 */
	private Duration cacheTtl = Duration.ofMinutes(5);

	/**
	 * Longest a handshake waits for a revocation answer; a slower answer counts as unknown.
	 */
	private Duration timeout = Duration.ofSeconds(2);

	/**
	 * Whether clients also check the revocation of server certificates.
	 */
	private boolean checkServers;

	public RevocationMode getMode() {
		return this.mode;
	}

	public void setMode(RevocationMode mode) {
		this.mode = mode;
	}

	public List<String> getCrlLocations() {
		return this.crlLocations;
	}

	public void setCrlLocations(List<String> crlLocations) {
		this.crlLocations = crlLocations;
	}

	public @Nullable String getOcspResponder() {
		return this.ocspResponder;
	}

	public void setOcspResponder(@Nullable String ocspResponder) {
		this.ocspResponder = ocspResponder;
	}

	public boolean isSoftFail() {
		return this.softFail;
	}

	public void setSoftFail(boolean softFail) {
		this.softFail = softFail;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public boolean isCheckServers() {
		return this.checkServers;
	}

	public void setCheckServers(boolean checkServers) {
		this.checkServers = checkServers;
	}

}
