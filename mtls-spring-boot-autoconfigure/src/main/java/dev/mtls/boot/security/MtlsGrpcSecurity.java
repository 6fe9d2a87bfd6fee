package dev.mtls.boot.security;

import org.springframework.grpc.server.security.GrpcSecurity;

/**
 * Makes a Spring gRPC {@link GrpcSecurity} authenticate callers by their verified client
 * certificate as a {@link PeerAuthentication} (principal and grants as on the web server, each
 * certificate worked out once), for an application that builds its own
 * {@code AuthenticationProcessInterceptor}:
 * <pre>{@code
 * @Bean
 * @GlobalServerInterceptor
 * AuthenticationProcessInterceptor grpcSecurity(GrpcSecurity grpc, MtlsGrpcSecurity mtls) throws Exception {
 *     return mtls.configure(grpc)
 *         .authorizeRequests((requests) -> requests.methods("inventory.Inventory/*").hasAuthority("SCOPE_stock")
 *             .allRequests().authenticated())
 *         .build();
 * }
 * }</pre>
 *
 * @author mtls-spring-boot
 */
public final class MtlsGrpcSecurity {

	private final PeerAuthenticator authenticator;

	MtlsGrpcSecurity(PeerAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	/**
	 * Add the peer certificate extractor and authentication provider.
	 * @param grpc the builder
	 * @return the builder
	 */
	public GrpcSecurity configure(GrpcSecurity grpc) {
		return grpc.authenticationProvider(new PeerAuthenticationProvider(this.authenticator))
			.authenticationExtractor(new GrpcPeerCertificates());
	}

}
