package dev.mtls.boot.authorization;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;

/**
 * Matches where the rules have something to decide: a web application, or one with Spring gRPC's
 * server, which may serve gRPC without a web server.
 *
 * @author mtls-spring-boot
 */
class WebOrGrpcServer extends AnyNestedCondition {

	WebOrGrpcServer() {
		super(ConfigurationPhase.PARSE_CONFIGURATION);
	}

	@ConditionalOnWebApplication
	static class WebApplication {

	}

	@ConditionalOnClass(name = "org.springframework.grpc.server.GrpcServerFactory")
	static class GrpcServer {

	}

}
