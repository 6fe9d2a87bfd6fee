package dev.mtls.boot.grpc;

import java.util.List;
import java.util.function.Supplier;

import io.grpc.ChannelCredentials;
import io.grpc.ChoiceChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettySslContextChannelCredentials;

import org.springframework.grpc.client.ChannelCredentialsProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * Gives channels that Spring Boot's credentials provider serves from the {@code mtls} bundle an SSL
 * context that follows rotation ({@link RotatingClientContext}) on grpc-netty; grpc-netty-shaded,
 * which cannot read a grpc-netty context, takes Boot's own credentials from the same choice. Every
 * other channel keeps what Boot decided.
 *
 * @author mtls-spring-boot
 */
final class RotatingChannelCredentials implements ChannelCredentialsProvider {

	private final ChannelCredentialsProvider boot;

	private final List<?> keyManagers;

	private final Supplier<ChannelCredentials> rotating;

	RotatingChannelCredentials(ChannelCredentialsProvider boot, List<?> keyManagers,
			Supplier<RotatingClientContext> context) {
		this.boot = boot;
		this.keyManagers = keyManagers;
		this.rotating = SingletonSupplier.of(() -> NettySslContextChannelCredentials.create(context.get()));
	}

	@Override
	public ChannelCredentials getChannelCredentials(String path) {
		ChannelCredentials credentials = this.boot.getChannelCredentials(path);
		if (credentials instanceof TlsChannelCredentials tls && this.keyManagers.equals(tls.getKeyManagers())) {
			return ChoiceChannelCredentials.create(this.rotating.get(), credentials);
		}
		return credentials;
	}

}
