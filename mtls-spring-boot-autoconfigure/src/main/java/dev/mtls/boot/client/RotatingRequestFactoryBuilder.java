package dev.mtls.boot.client;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Builds request factories that follow material updates ({@link RotatingRequestFactory}) when the
 * settings name the mTLS bundle; with any other bundle it builds what the builder it wraps builds.
 *
 * @author mtls-spring-boot
 */
final class RotatingRequestFactoryBuilder implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

	private final MaterialUpdates updates;

	private final SslBundle bundle;

	private final ClientHttpRequestFactoryBuilder<?> delegate;

	RotatingRequestFactoryBuilder(MaterialUpdates updates, SslBundle bundle,
			ClientHttpRequestFactoryBuilder<?> delegate) {
		this.updates = updates;
		this.bundle = bundle;
		this.delegate = delegate;
	}

	@Override
	public ClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		if (settings == null || settings.sslBundle() != this.bundle) {
			return this.delegate.build(settings);
		}
		return new RotatingRequestFactory(
				new ClientGenerations<>(this.updates::count, () -> this.delegate.build(settings)));
	}

}
