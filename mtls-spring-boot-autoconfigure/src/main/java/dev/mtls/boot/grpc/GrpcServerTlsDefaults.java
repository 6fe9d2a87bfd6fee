package dev.mtls.boot.grpc;

import java.util.Locale;

import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.MtlsMaterial;
import io.grpc.TlsServerCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.core.env.Environment;

/**
 * Serves the gRPC server's TLS from the {@code mtls} SSL bundle with client certificates as
 * {@code mtls.server.client-auth} says, as {@code spring.grpc.server.ssl.bundle=mtls} and
 * {@code spring.grpc.server.ssl.client-auth=require} would. Spring Boot then hands the bundle's
 * swappable key and trust managers to grpc-java, whose Netty SSL context asks them on every
 * handshake, so rotation needs no server rebuild. An application that set
 * {@code spring.grpc.server.ssl.bundle} or {@code spring.grpc.server.ssl.enabled=false} keeps its
 * choice; an explicit {@code spring.grpc.server.ssl.client-auth} is kept as well.
 *
 * @author mtls-spring-boot
 */
final class GrpcServerTlsDefaults implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(GrpcServerTlsDefaults.class);

	private final Environment environment;

	GrpcServerTlsDefaults(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		// After initialization: the properties are bound by then.
		if (bean instanceof GrpcServerProperties properties) {
			apply(properties.getSsl());
		}
		return bean;
	}

	private void apply(GrpcServerProperties.Ssl ssl) {
		if (ssl.getBundle() != null || Boolean.FALSE.equals(ssl.getEnabled())) {
			logger.info("mTLS leaves the gRPC server's TLS to spring.grpc.server.ssl (bundle %s, enabled %s)"
				.formatted(ssl.getBundle(), ssl.getEnabled()));
			return;
		}
		ssl.setBundle(MtlsMaterial.BUNDLE_NAME);
		Binder binder = Binder.get(this.environment);
		if (!binder.bind("spring.grpc.server.ssl.client-auth", String.class).isBound()) {
			ssl.setClientAuth(switch (binder.bind("mtls.server.client-auth", ClientAuth.class).orElse(ClientAuth.NEED)) {
				case NEED -> TlsServerCredentials.ClientAuth.REQUIRE;
				case WANT -> TlsServerCredentials.ClientAuth.OPTIONAL;
				case NONE -> TlsServerCredentials.ClientAuth.NONE;
			});
		}
		logger.info("mTLS gRPC server: the '%s' SSL bundle, client certificates %s"
			.formatted(MtlsMaterial.BUNDLE_NAME, ssl.getClientAuth().name().toLowerCase(Locale.ROOT)));
	}

}
