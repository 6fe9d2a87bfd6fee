package dev.mtls.boot.devca;

import java.nio.file.Path;

import dev.mtls.boot.core.MtlsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the development CA's hints; the identity itself is issued by
 * {@link DevIdentityEnvironmentPostProcessor} before any bean exists.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "mtls.dev.enabled")
@ConditionalOnClass(WebServerInitializedEvent.class)
@ConditionalOnWebApplication
@EnableConfigurationProperties(MtlsDevProperties.class)
public final class DevCertificateAuthorityAutoConfiguration {

	@Bean
	DevCurlHint mtlsDevCurlHint(MtlsDevProperties properties) {
		return new DevCurlHint(Path.of(properties.getDirectory()));
	}

}
