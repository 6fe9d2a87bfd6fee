package dev.mtls.boot.grpc;

import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties.Channel;

/**
 * Makes Spring gRPC's channels present the identity and verify servers against the trust set, as
 * {@code spring.grpc.client.channel.<name>.ssl.bundle=mtls} on every channel (and on
 * {@code default}, which targets without a channel of their own use) would. grpc-java keeps host
 * name verification on, and its Netty SSL context asks the bundle's swappable managers on every
 * handshake, so new connections present a rotated identity. A channel with its own
 * {@code ssl.bundle}, {@code ssl.enabled=false} or {@code bypass-certificate-validation} keeps
 * the application's choice.
 *
 * @author mtls-spring-boot
 */
final class GrpcChannelTlsDefaults implements BeanPostProcessor {

	private static final String DEFAULT_CHANNEL = "default";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		// After initialization: the properties are bound by then.
		if (bean instanceof GrpcClientProperties properties) {
			properties.getChannel().computeIfAbsent(DEFAULT_CHANNEL, (name) -> new Channel());
			properties.getChannel().values().forEach(GrpcChannelTlsDefaults::apply);
		}
		return bean;
	}

	private static void apply(Channel channel) {
		GrpcClientProperties.Channel.Ssl ssl = channel.getSsl();
		if (ssl.getBundle() == null && ssl.getEnabled() == null && !channel.isBypassCertificateValidation()) {
			ssl.setBundle(MtlsMaterial.BUNDLE_NAME);
		}
	}

}
