package dev.mtls.boot.doctor;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.client.MtlsClientProperties;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.health.MtlsHealthProperties;
import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.reload.MtlsReloadProperties;
import dev.mtls.boot.revocation.MtlsRevocationProperties;
import dev.mtls.boot.server.MtlsServerProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With {@code debug}, runs the doctor's identity, trust and settings checks at startup.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = MtlsAutoConfiguration.class)
// --debug sets debug to an empty value, which @ConditionalOnBooleanProperty would not take as true.
@ConditionalOnProperty("debug")
@ConditionalOnBean(MtlsMaterial.class)
// Every group the checks read, also where its own auto-configuration is off or absent.
@EnableConfigurationProperties({ MtlsProperties.class, MtlsServerProperties.class, MtlsClientProperties.class,
		MtlsProxyProperties.class, MtlsReloadProperties.class, MtlsRevocationProperties.class,
		MtlsHealthProperties.class })
public final class MtlsDoctorAutoConfiguration {

	@Bean
	DoctorStartupReport mtlsDoctorStartupReport(MtlsMaterial material) {
		return new DoctorStartupReport(material, material.clock());
	}

}
