package dev.mtls.boot.acme;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import dev.mtls.boot.core.ConfiguredTrust;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsProperties;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.shredzone.acme4j.Session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the ACME identity source, on when {@code mtls.identity.acme.directory} is
 * set and acme4j (with Bouncy Castle's PKIX classes, for the certificate request) is on the class
 * path. The material takes its identity from it.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(before = MtlsAutoConfiguration.class)
@ConditionalOnClass({ Session.class, PKCS10CertificationRequest.class })
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@ConditionalOnProperty("mtls.identity.acme.directory")
@EnableConfigurationProperties({ MtlsAcmeProperties.class, MtlsProperties.class })
public final class MtlsAcmeAutoConfiguration {

	@Bean
	AcmeIdentitySource acmeIdentitySource(MtlsAcmeProperties acme, MtlsProperties properties,
			ResourceLoader resourceLoader, ObjectProvider<Clock> clock) {
		AcmeSettings.validate(acme);
		ResourceLoader resources = ApplicationResourceLoader.get(resourceLoader, true);
		AcmeStorage storage = new AcmeStorage(Path.of(acme.getStorage()));
		AcmeOrders orders = new AcmeOrders(acme, DirectoryTrust.provider(acme.getDirectoryTrust(), resources), storage);
		RenewalSchedule schedule = new RenewalSchedule(acme.getRenewBefore(), acme.getRetryInterval(),
				acme.getMaxRetryInterval(), ThreadLocalRandom.current()::nextDouble);
		return new AcmeIdentitySource(acme, orders, storage, new ConfiguredTrust(properties, resources), schedule,
				clock.getIfAvailable(Clock::systemUTC));
	}

}
