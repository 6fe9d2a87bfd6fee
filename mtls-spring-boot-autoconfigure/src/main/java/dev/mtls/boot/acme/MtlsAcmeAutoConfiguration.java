package dev.mtls.boot.acme;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.ConfiguredTrust;
import dev.mtls.boot.core.IdentitySource;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsProperties;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.shredzone.acme4j.Session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the ACME identity source, on when {@code mtls.identity.acme.directory} is
 * set: with acme4j (and Bouncy Castle's PKIX classes, for the certificate request) on the class path
 * the material takes its identity from it; without acme4j startup fails naming the library.
 *
 * @author mtls-spring-boot
 */
@AutoConfiguration(before = MtlsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@ConditionalOnProperty("mtls.identity.acme.directory")
@EnableConfigurationProperties({ MtlsAcmeProperties.class, MtlsProperties.class })
public final class MtlsAcmeAutoConfiguration {

	MtlsAcmeAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Session.class, PKCS10CertificationRequest.class })
	static class AcmeConfiguration {

		@Bean
		AcmeIdentitySource acmeIdentitySource(MtlsAcmeProperties acme, MtlsProperties properties,
				ResourceLoader resourceLoader, ObjectProvider<Clock> clock) {
			AcmeSettings.validate(acme);
			ResourceLoader resources = ApplicationResourceLoader.get(resourceLoader, true);
			AcmeStorage storage = new AcmeStorage(Path.of(acme.getStorage()));
			AcmeOrders orders = new AcmeOrders(acme, DirectoryTrust.provider(acme.getDirectoryTrust(), resources),
					storage);
			RenewalSchedule schedule = new RenewalSchedule(acme.getRenewBefore(), acme.getRetryInterval(),
					acme.getMaxRetryInterval(), ThreadLocalRandom.current()::nextDouble);
			return new AcmeIdentitySource(acme, orders, storage, new ConfiguredTrust(properties, resources), schedule,
					clock.getIfAvailable(Clock::systemUTC));
		}

	}

	// ACME configured but its client missing: say so, rather than start from other identity settings.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.shredzone.acme4j.Session")
	static class MissingLibraryConfiguration {

		@Bean
		IdentitySource acmeIdentitySource(MtlsAcmeProperties acme) {
			throw ConfigurationProblem.of("mtls.identity.acme.directory", acme.getDirectory(),
					"acme4j is not on the class path.",
					"Add org.shredzone.acme4j:acme4j-client (see docs/acme.md), or remove mtls.identity.acme.directory.");
		}

	}

}
