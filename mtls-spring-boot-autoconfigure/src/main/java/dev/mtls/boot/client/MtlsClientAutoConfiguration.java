package dev.mtls.boot.client;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration that makes the auto-configured {@code RestClient.Builder},
 * {@code RestTemplateBuilder} and {@code WebClient.Builder} present the identity and trust only
 * the trust set, with hostname verification left on. Their clients are built again after every
 * material update, so that no pooled connection or resumed TLS session carries a replaced identity.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnClass(HttpClientSettings.class)
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnBooleanProperty(name = "mtls.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MtlsClientProperties.class)
public final class MtlsClientAutoConfiguration {

	@Bean
	MaterialUpdates mtlsClientMaterialUpdates(MtlsMaterial material) {
		return new MaterialUpdates(material);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientCustomizer.class, ClientHttpRequestFactoryBuilder.class })
	static class RestClientConfiguration {

		@Bean
		MtlsRestClientCustomizer mtlsRestClientCustomizer(MtlsMaterial material, MaterialUpdates updates,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> settings) {
			return new MtlsRestClientCustomizer(SingletonSupplier.of(() -> new RotatingRequestFactoryBuilder(updates,
					material.bundle(), requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect))
				.build(settings.getIfAvailable(HttpClientSettings::defaults).withSslBundle(material.bundle()))));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestTemplateBuilder.class)
	static class RestTemplateConfiguration {

		@Bean
		static MtlsRestTemplateBuilderPostProcessor mtlsRestTemplateBuilderPostProcessor(
				ObjectProvider<MtlsMaterial> material, ObjectProvider<MaterialUpdates> updates) {
			return new MtlsRestTemplateBuilderPostProcessor(material, updates);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, ClientHttpConnectorBuilder.class })
	static class WebClientConfiguration {

		private static final boolean NETTY_PRESENT = ClassUtils.isPresent("io.netty.handler.ssl.SslProvider",
				WebClientConfiguration.class.getClassLoader());

		@Bean
		MtlsWebClientCustomizer mtlsWebClientCustomizer(MtlsMaterial material, MaterialUpdates updates,
				MtlsClientProperties properties, ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
				ObjectProvider<HttpClientSettings> settings) {
			return new MtlsWebClientCustomizer(SingletonSupplier.of(() -> {
				ClientHttpConnectorBuilder<?> builder = connectorBuilder
					.getIfAvailable(ClientHttpConnectorBuilder::detect);
				ClientHttpConnectorBuilder<?> engineBuilder = NETTY_PRESENT
						? NettyClientTls.apply(builder, material, properties.getEngine()) : builder;
				HttpClientSettings withBundle = settings.getIfAvailable(HttpClientSettings::defaults)
					.withSslBundle(material.bundle());
				return new RotatingConnector(
						new ClientGenerations<>(updates::count, () -> engineBuilder.build(withBundle)));
			}));
		}

	}

}
