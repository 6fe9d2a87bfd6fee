package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtls.boot.core.PrincipalMode;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;

/**
 * Turns a peer certificate chain that TLS has verified into a {@link PeerAuthentication}. The
 * principal and authorities depend only on the leaf certificate and the configuration, so they
 * are worked out once per certificate and reused for every request on every connection.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthenticator {

	private static final int MAX_CACHED_PEERS = 10_000;

	private final PrincipalMode mode;

	private final Grants grants;

	private final Map<X509Certificate, Resolved> resolved = new ConcurrentHashMap<>();

	PeerAuthenticator(PrincipalMode mode, Grants grants) {
		this.mode = mode;
		this.grants = grants;
	}

	/**
	 * Authenticate a verified chain.
	 * @param chain the peer's chain, leaf first
	 * @return the authentication
	 * @throws BadCredentialsException if the certificate does not carry the configured name
	 */
	PeerAuthentication authenticate(X509Certificate[] chain) {
		Resolved peer = this.resolved.get(chain[0]);
		if (peer == null) {
			peer = resolve(chain);
			if (this.resolved.size() >= MAX_CACHED_PEERS) {
				this.resolved.clear();
			}
			this.resolved.put(chain[0], peer);
		}
		return new PeerAuthentication(peer.principal(), peer.authorities());
	}

	/**
	 * Forget all resolved peers, e.g. after the configuration they were derived from changed.
	 */
	void clear() {
		this.resolved.clear();
	}

	private Resolved resolve(X509Certificate[] chain) {
		String name = CertificateNames.principalName(this.mode, chain[0]);
		if (name == null || name.isEmpty()) {
			throw new BadCredentialsException("the client certificate (subject %s) has no %s, which mtls.principal=%s requires"
				.formatted(chain[0].getSubjectX500Principal().getName(), describe(this.mode),
						this.mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
		}
		return new Resolved(new PeerPrincipal(name, List.of(chain)), this.grants.authoritiesFor(name));
	}

	private static String describe(PrincipalMode mode) {
		return switch (mode) {
			case SPIFFE_ID_OR_CN -> "SPIFFE ID and no common name";
			case CN -> "common name";
			case DN -> "subject";
			case SAN_DNS -> "DNS subject alternative name";
			case SAN_URI -> "URI subject alternative name";
			case EMAIL -> "e-mail address";
		};
	}

	private record Resolved(PeerPrincipal principal, List<GrantedAuthority> authorities) {
	}

}
