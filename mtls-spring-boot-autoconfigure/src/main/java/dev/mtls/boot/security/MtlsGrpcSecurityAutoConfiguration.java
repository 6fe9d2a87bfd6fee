package dev.mtls.boot.security;

import java.util.List;

import dev.mtls.boot.authorization.MtlsAuthorizationAutoConfiguration;
import dev.mtls.boot.authorization.RequestAuthorization;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import io.grpc.BindableService;
import io.grpc.ServerBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * Auto-configuration of Spring Security for Spring Boot's gRPC server: the verified client
 * certificate authenticates each call as a {@link PeerAuthentication}, so {@code @PreAuthorize}
 * on service methods sees the peer's principal and grants. Without an application
 * {@link AuthenticationProcessInterceptor}, a default one requires an authenticated peer on
 * every call. {@code mtls.authorization} rules apply to every call, with the method's full name
 * as path; a stream's peer is verified again on each of its messages. These are interceptors
 * Spring gRPC binds to the services it registers from {@code BindableService} beans, so calls to
 * any other service (added in a {@code ServerBuilderCustomizer}, served from a fallback handler
 * registry) are refused ({@link RegisteredGrpcServices}).
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = { MtlsAutoConfiguration.class, MtlsAuthorizationAutoConfiguration.class,
		MtlsServletSecurityAutoConfiguration.class, MtlsReactiveSecurityAutoConfiguration.class },
		afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration")
@ConditionalOnClass({ GrpcSecurity.class, BindableService.class })
@ConditionalOnBean({ MtlsMaterial.class, GrpcSecurity.class })
@ConditionalOnBooleanProperty(name = "mtls.server.enabled", matchIfMissing = true)
@Import(PeerAuthenticationConfiguration.class)
public final class MtlsGrpcSecurityAutoConfiguration {

	MtlsGrpcSecurityAutoConfiguration() {
	}

	@Bean
	MtlsGrpcSecurity mtlsGrpcSecurity(PeerAuthenticator authenticator) {
		return new MtlsGrpcSecurity(authenticator);
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean(AuthenticationProcessInterceptor.class)
	AuthenticationProcessInterceptor mtlsGrpcAuthentication(GrpcSecurity grpc, MtlsGrpcSecurity mtls,
			ObjectProvider<RequestAuthorization> authorization) throws Exception {
		RequestAuthorization rules = authorization.getIfAvailable();
		// With mtls.authorization.anonymous set, GrpcPeerAuthorization decides (and counts) callers without a peer.
		boolean anonymous = rules != null && rules.watchesAnonymous();
		return mtls.configure(grpc)
			.authorizeRequests((requests) -> {
				if (anonymous) {
					requests.allRequests().permitAll();
				}
				else {
					requests.allRequests().authenticated();
				}
			})
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(name = "mtlsGrpcRegisteredServices")
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> mtlsGrpcRegisteredServices(
			ObjectProvider<GrpcServiceDiscoverer> discoverer) {
		// The server is built once the context is refreshed: every service bean is known by then.
		return (builder) -> {
			GrpcServiceDiscoverer services = discoverer.getIfAvailable();
			builder.intercept(new RegisteredGrpcServices((services != null) ? services.listServiceNames() : List.of()));
		};
	}

	@Bean
	@GlobalServerInterceptor
	GrpcPeerStreams mtlsGrpcPeerStreams(PeerAuthenticator authenticator) {
		return new GrpcPeerStreams(authenticator);
	}

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnBean(RequestAuthorization.class)
	GrpcPeerAuthorization mtlsGrpcAuthorization(RequestAuthorization authorization) {
		return new GrpcPeerAuthorization(authorization);
	}

}
