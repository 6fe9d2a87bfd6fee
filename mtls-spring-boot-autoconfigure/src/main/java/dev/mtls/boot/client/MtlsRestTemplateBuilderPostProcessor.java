package dev.mtls.boot.client;

import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;

/**
 * Sets the {@value MtlsMaterial#BUNDLE_NAME} bundle on the auto-configured
 * {@link RestTemplateBuilder}. It is immutable and applies customizers only at {@code build()},
 * so the bundle is set on the bean itself; {@code builder.sslBundle(...)} still overrides it. Its
 * request factory builder is wrapped so that templates built with the bundle follow material
 * updates ({@link RotatingRequestFactoryBuilder}).
 *
 * @author mtls-spring-boot
 */
final class MtlsRestTemplateBuilderPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<MtlsMaterial> material;

	private final ObjectProvider<MaterialUpdates> updates;

	MtlsRestTemplateBuilderPostProcessor(ObjectProvider<MtlsMaterial> material,
			ObjectProvider<MaterialUpdates> updates) {
		this.material = material;
		this.updates = updates;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplateBuilder builder) {
			MtlsMaterial material = this.material.getIfAvailable();
			MaterialUpdates updates = this.updates.getIfAvailable();
			if (material == null || updates == null) {
				return builder;
			}
			RestTemplateBuilder withBundle = builder.sslBundle(material.bundle());
			ClientHttpRequestFactoryBuilder<?> factories = withBundle.requestFactoryBuilder();
			return (factories != null) ? withBundle
				.requestFactoryBuilder(new RotatingRequestFactoryBuilder(updates, material.bundle(), factories))
					: withBundle;
		}
		return bean;
	}

}
