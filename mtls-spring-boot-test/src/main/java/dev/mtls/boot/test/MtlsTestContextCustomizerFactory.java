package dev.mtls.boot.test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Applies {@link MtlsTest @MtlsTest}: the test CA's server identity and trust as the highest
 * priority {@code mtls.*} properties, and an {@link MtlsTestPeers} bean.
 *
 * @author mtls-spring-boot
 */
final class MtlsTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		MtlsTest annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, MtlsTest.class);
		return (annotation != null)
				? new Customizer(annotation.trustDomain(), annotation.service(), annotation.revocation()) : null;
	}

	/**
	 * A value object, so contexts with the same settings are cached and shared.
	 */
	private record Customizer(String trustDomain, String service, boolean revocation) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			TestCertificateAuthority authority = TestCertificateAuthority.forTrustDomain(this.trustDomain);
			Map<String, Object> properties = authority.serverProperties(this.service, this.revocation);
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("mtlsTest", properties));
			context.getBeanFactory()
				.registerSingleton("mtlsTestPeers", new MtlsTestPeers(authority, () -> "https://localhost:"
						+ Objects.requireNonNull(context.getEnvironment().getProperty("local.server.port"),
								"local.server.port is not set: use @SpringBootTest(webEnvironment = RANDOM_PORT)")));
		}

	}

}
