package dev.mtls.boot.proxy;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.mtls.boot.core.ConfigurationProblem;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Who may forward a client certificate: proxies at the configured addresses
 * ({@code mtls.proxy.trusted-proxies}) or presenting the configured principals
 * ({@code mtls.proxy.trusted-proxy-peers}) on their own mTLS connection.
 *
 * @author mtls-spring-boot
 */
final class TrustedProxies {

	private final List<IpAddressMatcher> addresses;

	private final Set<String> peers;

	private final Function<X509Certificate, String> principal;

	private TrustedProxies(List<IpAddressMatcher> addresses, Set<String> peers,
			Function<X509Certificate, String> principal) {
		this.addresses = addresses;
		this.peers = peers;
		this.principal = principal;
	}

	/**
	 * Create from configuration.
	 * @param addresses CIDRs or addresses
	 * @param peers principal names
	 * @param principal how a proxy's own certificate is named ({@code mtls.principal})
	 * @return the trusted proxies
	 * @throws org.springframework.boot.diagnostics.FailureAnalyzedException if an address is invalid
	 * or nothing is trusted
	 */
	static TrustedProxies of(List<String> addresses, List<String> peers, Function<X509Certificate, String> principal) {
		if (addresses.isEmpty() && peers.isEmpty()) {
			throw ConfigurationProblem.of("mtls.proxy.trusted-proxies", "[]",
					"mtls.proxy.enabled is true but no proxy is trusted, so every forwarded certificate would be ignored.",
					"List the proxies' addresses in mtls.proxy.trusted-proxies (e.g. 10.0.0.0/8) or their principals "
							+ "in mtls.proxy.trusted-proxy-peers.");
		}
		List<IpAddressMatcher> matchers = addresses.stream().map((address) -> {
			try {
				return new IpAddressMatcher(address.strip());
			}
			catch (IllegalArgumentException ex) {
				throw ConfigurationProblem.of("mtls.proxy.trusted-proxies", address,
						"it is not an IP address or CIDR (" + ex.getMessage() + ").",
						"Use addresses such as 10.0.0.0/8, 192.168.1.10 or fd00::/8 (no host names).");
			}
		}).toList();
		return new TrustedProxies(matchers, Set.copyOf(peers), principal);
	}

	/**
	 * Whether a request from this connection may carry a forwarded certificate.
	 * @param remoteAddress the connection's remote IP address, or {@code null}
	 * @param peerChain the certificate chain the connection itself presented, or {@code null}
	 * @return whether the source is a trusted proxy
	 */
	boolean trusts(@Nullable String remoteAddress, X509Certificate @Nullable [] peerChain) {
		if (remoteAddress != null) {
			for (IpAddressMatcher matcher : this.addresses) {
				if (matcher.matches(remoteAddress)) {
					return true;
				}
			}
		}
		if (!this.peers.isEmpty() && peerChain != null && peerChain.length > 0) {
			String name = this.principal.apply(peerChain[0]);
			return name != null && this.peers.contains(name);
		}
		return false;
	}

}
