package dev.mtls.boot.doctor;

import java.time.Clock;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
public final class MtlsDoctorAutoConfiguration {

	@Bean
	DoctorStartupReport mtlsDoctorStartupReport(MtlsMaterial material, MtlsProperties properties,
			ObjectProvider<Clock> clock) {
		return new DoctorStartupReport(material, properties, clock.getIfAvailable(Clock::systemUTC));
	}

}
