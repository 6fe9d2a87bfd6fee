package dev.mtls.boot.endpoint;

import dev.mtls.boot.authorization.RequestAuthorization;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.crypto.MtlsCryptoProperties;
import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.revocation.MtlsRevocationAutoConfiguration;
import dev.mtls.boot.revocation.MtlsRevocationProperties;
import dev.mtls.boot.revocation.RevocationState;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mtls} Actuator endpoint.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(after = { MtlsAutoConfiguration.class, MtlsRevocationAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(MtlsMaterial.class)
@ConditionalOnAvailableEndpoint(MtlsEndpoint.class)
// The endpoint shows the revocation and proxy settings also when those features are off.
@EnableConfigurationProperties({ MtlsRevocationProperties.class, MtlsProxyProperties.class,
		MtlsCryptoProperties.class })
public final class MtlsEndpointAutoConfiguration {

	@Bean
	MtlsEndpoint mtlsEndpoint(MtlsMaterial material, MtlsProperties properties,
			MtlsRevocationProperties revocationProperties, MtlsProxyProperties proxyProperties,
			ObjectProvider<RevocationState> revocation, ObjectProvider<RequestAuthorization> authorization,
			MtlsCryptoProperties cryptoProperties) {
		return new MtlsEndpoint(material, properties, revocationProperties, proxyProperties, revocation::getIfAvailable,
				authorization::getIfAvailable, cryptoProperties);
	}

}
