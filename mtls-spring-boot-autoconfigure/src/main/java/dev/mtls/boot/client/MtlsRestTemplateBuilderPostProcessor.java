package dev.mtls.boot.client;

import dev.mtls.boot.core.MtlsMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.restclient.RestTemplateBuilder;

/**
 * Sets the {@value MtlsMaterial#BUNDLE_NAME} bundle on the auto-configured
 * {@link RestTemplateBuilder}. It is immutable and applies customizers only at {@code build()},
 * so the bundle is set on the bean itself; {@code builder.sslBundle(...)} still overrides it.
 *
 * @author mtls-spring-boot
 */
final class MtlsRestTemplateBuilderPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<MtlsMaterial> material;

	MtlsRestTemplateBuilderPostProcessor(ObjectProvider<MtlsMaterial> material) {
		this.material = material;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplateBuilder builder) {
			MtlsMaterial material = this.material.getIfAvailable();
			return (material != null) ? builder.sslBundle(material.bundle()) : builder;
		}
		return bean;
	}

}
