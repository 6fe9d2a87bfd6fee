package dev.mtls.boot.core;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.server.MtlsServerProperties;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the mTLS material: loads and validates the identity and trust set once and
 * registers them as the {@value MtlsMaterial#BUNDLE_NAME} SSL bundle.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
// mtls.server.protocols, ciphers and verified-chains-cache-size shape the material, clients included.
@EnableConfigurationProperties({ MtlsProperties.class, MtlsServerProperties.class })
public final class MtlsAutoConfiguration {

	private final MaterialLoader loader;

	private final Clock clock;

	MtlsAutoConfiguration(ResourceLoader resourceLoader, ObjectProvider<Clock> clock) {
		// The application's Clock, if it has one, decides validity everywhere: the others read it
		// from the material (MtlsMaterial.clock()).
		this.clock = clock.getIfAvailable(Clock::systemUTC);
		this.loader = new MaterialLoader(new MaterialSource(ApplicationResourceLoader.get(resourceLoader, true)),
				this.clock);
	}

	// Not @ConditionalOnMissingBean: applications cannot make an MtlsMaterial; they bring their
	// own material as an SSL bundle (mtls.bundle) or an IdentitySource.
	@Bean
	MtlsMaterial mtlsMaterial(MtlsProperties properties, MtlsServerProperties server,
			ObjectProvider<IdentitySource> sources) {
		MtlsMaterial material = new MtlsMaterial(SslOptions.of(toArray(server.getCiphers()), toArray(server.getProtocols())),
				this.clock, server.getVerifiedChainsCacheSize());
		IdentitySource source = IdentitySources.single(sources.orderedStream().toList(), properties);
		if (source != null) {
			material.update(this.loader.check(source.current(), source.name()));
			material.reloadFrom(() -> this.loader.check(source.current(), source.name()));
			source.onChange(material::reload);
			material.describedBy(source.name(), source::state);
		}
		else if (StringUtils.hasText(properties.getBundle())) {
			material.describedBy("bundle", Map::of);
		}
		else {
			material.update(this.loader.load(properties));
			material.reloadFrom(() -> this.loader.load(properties));
		}
		return material;
	}

	@Bean
	MtlsBundleRegistrar mtlsBundleRegistrar(MtlsMaterial material, MtlsProperties properties) {
		String source = StringUtils.hasText(properties.getBundle()) ? properties.getBundle() : null;
		return new MtlsBundleRegistrar(material, this.loader, source);
	}

	private static String @Nullable [] toArray(List<String> values) {
		return values.isEmpty() ? null : values.toArray(String[]::new);
	}

}
