package dev.mtls.boot.security;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtls.boot.core.LogText;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Refuses gRPC calls to services Spring gRPC did not register. Authentication, the
 * {@code mtls.authorization} rules and the stream checks are interceptors Spring gRPC binds to
 * each service it discovers as a {@code BindableService} bean; a service a
 * {@code ServerBuilderCustomizer} adds to the server builder, or serves from a fallback handler
 * registry, has none of them and would be served to anyone the handshake let in. Installed on the
 * server builder, whose interceptors grpc-java applies to every call whichever registry serves it,
 * this closes such calls with {@code PERMISSION_DENIED} before they reach the service, and says
 * why in one WARN line per method.
 *
 * @author mtls-spring-boot
 */
final class RegisteredGrpcServices implements ServerInterceptor {

	private static final Log logger = LogFactory.getLog(RegisteredGrpcServices.class);

	// A fallback registry may resolve whatever method name a caller sends: the lines are bounded.
	static final int MAX_LOGGED = 100;

	static final String REFUSAL = "service not registered with the server's security";

	private final Set<String> services;

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	RegisteredGrpcServices(Collection<String> services) {
		this.services = Set.copyOf(services);
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String service = call.getMethodDescriptor().getServiceName();
		if (service != null && this.services.contains(service)) {
			return next.startCall(call, headers);
		}
		warn(call.getMethodDescriptor().getFullMethodName());
		call.close(Status.PERMISSION_DENIED.withDescription(REFUSAL), new Metadata());
		return new ServerCall.Listener<>() {
		};
	}

	private void warn(String method) {
		if (this.logged.size() >= MAX_LOGGED || !this.logged.add(method) || !logger.isWarnEnabled()) {
			return;
		}
		logger.warn(("mTLS gRPC: refused a call to %s: its service is not one Spring gRPC registered from a "
				+ "BindableService bean (%s), so no authentication and no mtls.authorization rule would apply to it; "
				+ "it was added to the server builder or served from a fallback handler registry. Declare the service "
				+ "as a bean. Further calls to this method are refused without a line%s.")
			.formatted(LogText.escape(method), String.join(", ", this.services),
					(this.logged.size() >= MAX_LOGGED) ? ", and calls to other unregistered methods too" : ""));
	}

}
