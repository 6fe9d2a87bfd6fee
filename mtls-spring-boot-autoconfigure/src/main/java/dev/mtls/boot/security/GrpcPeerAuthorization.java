package dev.mtls.boot.security;

import java.net.SocketAddress;

import dev.mtls.boot.authorization.RequestAuthorization;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;

/**
 * Applies {@code mtls.authorization} to gRPC calls, after the peer is authenticated: the path of
 * a rule is matched against the full name of the method the server dispatches the call to
 * ({@code /package.Service/Method}, the registry's own descriptor, not a header), the HTTP method
 * is {@code POST} as on the wire. A peer the rules refuse gets {@code PERMISSION_DENIED} naming
 * the rule; a caller without a verified peer {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED},
 * as {@code mtls.authorization.anonymous} and deny rules for everyone say. Decisions are counted
 * and logged with the web server's.
 *
 * @author mtls-spring-boot
 */
final class GrpcPeerAuthorization implements ServerInterceptor, Ordered {

	// Every gRPC call is an HTTP/2 POST.
	static final String METHOD = "POST";

	// The name as dispatched: no percent-decoding, no ';' parameters.
	private static final PathContainer.Options EXACT = PathContainer.Options.create('/', false);

	private final RequestAuthorization authorization;

	GrpcPeerAuthorization(RequestAuthorization authorization) {
		this.authorization = authorization;
	}

	@Override
	public int getOrder() {
		// Inside the authentication interceptor (CONTEXT_FILTER_ORDER - 10), which sets the context.
		return GrpcSecurity.CONTEXT_FILTER_ORDER;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String method = "/" + call.getMethodDescriptor().getFullMethodName();
		SecurityContext context = GrpcSecurity.SECURITY_CONTEXT_KEY.get();
		Authentication authentication = (context != null) ? context.getAuthentication() : null;
		if (VerifiedPeers.is(authentication)) {
			String refusal = this.authorization.refusePeer(authentication.getName(), authentication.getAuthorities(),
					METHOD, path(method));
			return (refusal != null) ? refuse(call, Status.PERMISSION_DENIED, refusal) : next.startCall(call, headers);
		}
		String address = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
		String denied = this.authorization.refuseAnonymousRequest(address, METHOD, () -> path(method));
		if (denied != null) {
			return refuse(call, Status.PERMISSION_DENIED, denied);
		}
		String refusal = this.authorization.refuseAnonymous(address, METHOD);
		if (refusal != null) {
			return refuse(call, Status.UNAUTHENTICATED, refusal);
		}
		this.authorization.anonymousServed(address, METHOD, method);
		return next.startCall(call, headers);
	}

	private static PathContainer path(String method) {
		return PathContainer.parsePath(method, EXACT);
	}

	private static @Nullable String address(@Nullable SocketAddress address) {
		return (address != null) ? address.toString() : null;
	}

	private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String refusal) {
		call.close(status.withDescription(refusal.strip()), new Metadata());
		return new ServerCall.Listener<>() {
		};
	}

}
