package dev.mtls.boot.security;

import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtls.boot.core.ChainCheck;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.PrincipalMode;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;
import org.springframework.util.StringUtils;

/**
 * Turns a peer certificate chain that TLS has verified into a {@link PeerAuthentication}. The
 * principal ({@link X509PrincipalExtractor}) and authorities ({@link PeerGrantResolver}) depend
 * only on the leaf certificate, so they are worked out once per certificate and reused for every
 * request on every connection. The chain is verified again against the trust set in service when
 * it was last verified under older material: TLS session resumption skips certificate checks, so
 * without this a client whose CA was just removed could go on through resumed sessions. For the
 * same reason a cached decision lasts only until the first certificate of the chain expires or a
 * {@link ChainCheck}'s answer (revocation) does: kept-alive connections, HTTP/2 and resumed
 * sessions then verify again.
 *
 * @author mtls-spring-boot
 */
final class PeerAuthenticator {

	/**
	 * Request (servlet) or exchange (reactive) attribute set on requests whose certificate a
	 * trusted proxy forwarded: whether to verify it against the trust set ({@code mtls.proxy.verify}).
	 */
	static final String FORWARDED_VERIFY_ATTRIBUTE = PeerAuthenticator.class.getName() + ".forwardedVerify";

	/**
	 * Request (servlet) or exchange (reactive) attribute set on requests from a trusted proxy
	 * that forwarded no certificate, so that the 401 says why the proxy's own does not count.
	 */
	static final String PROXY_WITHOUT_CERTIFICATE_ATTRIBUTE = PeerAuthenticator.class.getName()
			+ ".proxyWithoutCertificate";

	private static final int MAX_CACHED_PEERS = 10_000;

	private final X509PrincipalExtractor principals;

	private final PeerGrantResolver grants;

	private final @Nullable MtlsMaterial material;

	private final List<PeerAuthenticationListener> listeners;

	private final List<ChainCheck> checks;

	private final Clock clock;

	private final Map<X509Certificate, Resolved> resolved = new ConcurrentHashMap<>();

	PeerAuthenticator(PrincipalMode mode, Grants grants, @Nullable MtlsMaterial material) {
		this(mode, grants, material, List.of());
	}

	PeerAuthenticator(PrincipalMode mode, Grants grants, @Nullable MtlsMaterial material,
			List<PeerAuthenticationListener> listeners) {
		this(mode, grants, material, listeners, List.of(), Clock.systemUTC());
	}

	PeerAuthenticator(PrincipalMode mode, Grants grants, @Nullable MtlsMaterial material,
			List<PeerAuthenticationListener> listeners, List<ChainCheck> checks, Clock clock) {
		this(new PrincipalModeExtractor(mode), grants, material, listeners, checks, clock);
	}

	PeerAuthenticator(X509PrincipalExtractor principals, PeerGrantResolver grants,
			@Nullable MtlsMaterial material, List<PeerAuthenticationListener> listeners, List<ChainCheck> checks,
			Clock clock) {
		this.principals = principals;
		this.grants = grants;
		this.material = material;
		this.listeners = List.copyOf(listeners);
		this.checks = List.copyOf(checks);
		this.clock = clock;
	}

	/**
	 * Authenticate a verified chain.
	 * @param chain the peer's chain, leaf first
	 * @return the authentication
	 * @throws BadCredentialsException if the certificate does not carry the configured name
	 */
	PeerAuthentication authenticate(X509Certificate[] chain) {
		return authenticate(chain, true);
	}

	/**
	 * Authenticate a chain.
	 * @param chain the peer's chain, leaf first
	 * @param verify whether to verify it against the trust set when it was not verified under the
	 * current material; {@code false} only for a chain a trusted proxy forwarded with
	 * {@code mtls.proxy.verify=false}
	 * @return the authentication
	 * @throws BadCredentialsException if the certificate is not trusted or does not carry the
	 * configured name
	 */
	PeerAuthentication authenticate(X509Certificate[] chain, boolean verify) {
		try {
			long generation = (this.material != null) ? this.material.generation() : 0;
			Instant now = this.clock.instant();
			Resolved cached = this.resolved.get(chain[0]);
			Resolved peer = (cached != null && cached.isCurrent(generation, now)) ? cached : null;
			boolean first = peer == null;
			if (peer == null) {
				checkValidity(chain, now);
				if (verify) {
					verify(chain);
				}
				Instant expires = expires(chain, verify);
				peer = (cached != null) ? cached.at(generation, expires) : resolve(chain, generation, expires);
				if (this.resolved.size() >= MAX_CACHED_PEERS) {
					this.resolved.clear();
				}
				this.resolved.put(chain[0], peer);
			}
			PeerAuthentication authentication = new PeerAuthentication(peer.principal(), peer.authorities());
			for (PeerAuthenticationListener listener : this.listeners) {
				listener.authenticated(authentication, first);
			}
			return authentication;
		}
		catch (AuthenticationException ex) {
			for (PeerAuthenticationListener listener : this.listeners) {
				listener.failed(chain, ex);
			}
			throw ex;
		}
	}

	/**
	 * Refuse a chain outside its validity period. The trust manager checked it at the handshake,
	 * but a connection may outlive a certificate, and a forwarded chain may not be verified at all.
	 */
	private void checkValidity(X509Certificate[] chain, Instant now) {
		for (X509Certificate certificate : chain) {
			Instant notBefore = certificate.getNotBefore().toInstant();
			Instant notAfter = certificate.getNotAfter().toInstant();
			if (now.isBefore(notBefore) || now.isAfter(notAfter)) {
				this.resolved.remove(chain[0]);
				throw new BadCredentialsException("the certificate " + certificate.getSubjectX500Principal().getName()
						+ " in the client's chain is valid only from " + notBefore + " to " + notAfter);
			}
		}
	}

	/**
	 * When to verify a chain again: when its first certificate expires or, for a chain the checks
	 * (revocation) have accepted, when their answer does.
	 */
	private Instant expires(X509Certificate[] chain, boolean verified) {
		Instant expires = Instant.MAX;
		for (X509Certificate certificate : chain) {
			// notAfter is inclusive: the chain is verified again just after it.
			Instant after = certificate.getNotAfter().toInstant().plusMillis(1);
			expires = after.isBefore(expires) ? after : expires;
		}
		if (verified && this.material != null) {
			for (ChainCheck check : this.checks) {
				Instant until = check.acceptedUntil(chain);
				expires = until.isBefore(expires) ? until : expires;
			}
		}
		return expires;
	}

	/**
	 * Return whether a chain's leaf has a decision that {@link #authenticate} will reuse without
	 * verifying the chain again.
	 * @param chain the peer's chain, leaf first
	 * @return {@code true} if no verification is due
	 */
	boolean isCurrent(X509Certificate[] chain) {
		Resolved peer = this.resolved.get(chain[0]);
		long generation = (this.material != null) ? this.material.generation() : 0;
		return peer != null && peer.isCurrent(generation, this.clock.instant());
	}

	private void verify(X509Certificate[] chain) {
		if (this.material == null) {
			return;
		}
		try {
			this.material.verifyClient(chain);
		}
		catch (CertificateException ex) {
			this.resolved.remove(chain[0]);
			throw new BadCredentialsException("the client certificate is not trusted by the current trust set ("
					+ ex.getMessage() + ")", ex);
		}
	}

	/**
	 * Forget all resolved peers, e.g. after the configuration they were derived from changed.
	 */
	void clear() {
		this.resolved.clear();
	}

	private Resolved resolve(X509Certificate[] chain, long generation, Instant expires) {
		String name = name(this.principals.extractPrincipal(chain[0]), chain[0]);
		List<GrantedAuthority> authorities = List.copyOf(this.grants.resolve(name, chain[0]));
		return new Resolved(new PeerPrincipal(name, List.of(chain)), authorities, generation, expires);
	}

	// An application's extractor may answer with any object: Spring Security's own answer Strings.
	private static String name(Object principal, X509Certificate certificate) {
		String name;
		if (principal instanceof AuthenticatedPrincipal authenticated) {
			name = authenticated.getName();
		}
		else if (principal instanceof Principal named) {
			name = named.getName();
		}
		else {
			name = (principal != null) ? principal.toString() : null;
		}
		if (!StringUtils.hasText(name)) {
			throw new BadCredentialsException("the client certificate (subject %s) has no principal name: the X509PrincipalExtractor found none"
				.formatted(certificate.getSubjectX500Principal().getName()));
		}
		return name;
	}

	private record Resolved(PeerPrincipal principal, List<GrantedAuthority> authorities, long generation,
			Instant expires) {

		Resolved at(long generation, Instant expires) {
			return new Resolved(this.principal, this.authorities, generation, expires);
		}

		boolean isCurrent(long generation, Instant now) {
			return this.generation == generation && now.isBefore(this.expires);
		}

	}

}
