package dev.mtls.boot.devca;

import java.util.List;

/**
 * The names a development identity proves: its subject, its SPIFFE ID and the host names it may
 * serve, all but the subject as subject alternative names.
 * <p>Public for the certificate commands of mtls-spring-boot-tools, not API.
 *
 * @param subject the subject, RFC 2253
 * @param spiffeId the SPIFFE ID, a URI subject alternative name
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP address subject alternative names
 * @author mtls-spring-boot
 */
public record IdentityNames(String subject, String spiffeId, List<String> dnsNames, List<String> ipAddresses) {

	public IdentityNames {
		dnsNames = List.copyOf(dnsNames);
		ipAddresses = List.copyOf(ipAddresses);
	}

	/**
	 * Put the names on a certificate or request, the SPIFFE ID first.
	 * @param builder the builder
	 * @return the builder
	 */
	public CertificateBuilder applyTo(CertificateBuilder builder) {
		builder.subject(this.subject).uri(this.spiffeId);
		this.dnsNames.forEach(builder::dns);
		this.ipAddresses.forEach(builder::ip);
		return builder;
	}

}
