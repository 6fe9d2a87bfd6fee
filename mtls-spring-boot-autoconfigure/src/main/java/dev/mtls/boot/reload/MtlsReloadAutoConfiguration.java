package dev.mtls.boot.reload;

import java.nio.file.Path;
import java.util.List;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration that reloads rotated identity and trust files without a restart. A bundle
 * named by {@code mtls.bundle} is reloaded by Spring Boot instead
 * ({@code spring.ssl.bundle.*.reload-on-update}), which the material follows.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnBooleanProperty(name = "mtls.reload.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MtlsReloadProperties.class)
public final class MtlsReloadAutoConfiguration {

	@Bean
	MaterialWatcher mtlsMaterialWatcher(MtlsMaterial material, MtlsProperties properties,
			MtlsReloadProperties reload, ResourceLoader resourceLoader) {
		List<Path> files = StringUtils.hasText(properties.getBundle()) ? List.of()
				: WatchedFiles.of(properties, ApplicationResourceLoader.get(resourceLoader, true));
		return new MaterialWatcher(files, reload.getQuietPeriod(), material::reload);
	}

}
