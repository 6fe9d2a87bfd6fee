package dev.mtls.boot.acme;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the ACME identity source: the service's certificate is ordered from an ACME CA
 * (step-ca, Vault, cert-manager's issuer, Let's Encrypt) and renewed before it expires.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.identity.acme")
public class MtlsAcmeProperties {

	/**
	 * URL of the ACME CA's directory, such as https://ca.internal:14000/dir. Setting it turns the
	 * ACME identity source on.
	 */
	private @Nullable String directory;

	/**
	 * DNS names the certificate is ordered for; the CA validates each one.
	 */
	private List<String> domains = new ArrayList<>();

	/**
	 * Challenge that proves control of the domains.
	 */
	private Challenge challenge = Challenge.HTTP_01;

	/**
	 * When to renew: a share of the certificate's lifetime before it expires (such as 33%) or a
	 * duration before it expires (such as 8h).
	 */
	private RenewBefore renewBefore = RenewBefore.DEFAULT;

	/**
	 * Directory holding the account key, the certificate and its private key (readable by the
	 * owner only).
	 */
	private String storage = "./.mtls-acme";

	/**
	 * Location of the PEM CA certificates the ACME directory's HTTPS certificate chains to. The
	 * JDK's trusted CAs when not set.
	 */
	private @Nullable String directoryTrust;

	/**
	 * Contact URIs of the ACME account, such as mailto:ops@example.com.
	 */
	private List<String> contact = new ArrayList<>();

	/**
	 * Whether to agree to the CA's terms of service when creating the account. Required by CAs
	 * that publish terms.
	 */
	private boolean acceptTermsOfService;

	/**
	 * Port of the plain HTTP listener that answers http-01 challenges under
	 * /.well-known/acme-challenge/ while an order is open. The CA connects to port 80 of each
	 * domain, so map port 80 to it when it differs.
	 */
	private int httpPort = 80;

	/**
	 * Port of the TLS listener that answers tls-alpn-01 challenges (ALPN acme-tls/1) while an
	 * order is open. The CA connects to port 443 of each domain, so map port 443 to it when it
	 * differs.
	 */
	private int tlsPort = 443;

	/**
	 * Longest wait for an order: the first certificate at startup (startup fails after it), then
	 * each renewal (retried after it).
	 */
	private Duration issueTimeout = Duration.ofMinutes(2);

	/**
	 * First wait before retrying a failed renewal; it doubles after each failure up to
	 * max-retry-interval.
	 */
	private Duration retryInterval = Duration.ofMinutes(1);

	/**
	 * Longest wait between retries of a failed renewal.
	 */
	private Duration maxRetryInterval = Duration.ofHours(1);

	public @Nullable String getDirectory() {
		return this.directory;
	}

	public void setDirectory(@Nullable String directory) {
		this.directory = directory;
	}

	public List<String> getDomains() {
		return this.domains;
	}

	public void setDomains(List<String> domains) {
		this.domains = domains;
	}

	public Challenge getChallenge() {
		return this.challenge;
	}

	public void setChallenge(Challenge challenge) {
		this.challenge = challenge;
	}

	public RenewBefore getRenewBefore() {
		return this.renewBefore;
	}

	public void setRenewBefore(RenewBefore renewBefore) {
		this.renewBefore = renewBefore;
	}

	public String getStorage() {
		return this.storage;
	}

	public void setStorage(String storage) {
		this.storage = storage;
	}

	public @Nullable String getDirectoryTrust() {
		return this.directoryTrust;
	}

	public void setDirectoryTrust(@Nullable String directoryTrust) {
		this.directoryTrust = directoryTrust;
	}

	public List<String> getContact() {
		return this.contact;
	}

	public void setContact(List<String> contact) {
		this.contact = contact;
	}

	public boolean isAcceptTermsOfService() {
		return this.acceptTermsOfService;
	}

	public void setAcceptTermsOfService(boolean acceptTermsOfService) {
		this.acceptTermsOfService = acceptTermsOfService;
	}

	public int getHttpPort() {
		return this.httpPort;
	}

	public void setHttpPort(int httpPort) {
		this.httpPort = httpPort;
	}

	public int getTlsPort() {
		return this.tlsPort;
	}

	public void setTlsPort(int tlsPort) {
		this.tlsPort = tlsPort;
	}

	public Duration getIssueTimeout() {
		return this.issueTimeout;
	}

	public void setIssueTimeout(Duration issueTimeout) {
		this.issueTimeout = issueTimeout;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public Duration getMaxRetryInterval() {
		return this.maxRetryInterval;
	}

	public void setMaxRetryInterval(Duration maxRetryInterval) {
		this.maxRetryInterval = maxRetryInterval;
	}

	/**
	 * How the CA checks that this service controls its domains.
	 */
	public enum Challenge {

		/**
		 * The CA fetches a token over plain HTTP from port 80 of each domain (RFC 8555 section 8.3).
		 */
		HTTP_01,

		/**
		 * The CA opens TLS with ALPN acme-tls/1 to port 443 of each domain and checks a
		 * self-signed certificate carrying the challenge (RFC 8737).
		 */
		TLS_ALPN_01

	}

}
