package dev.mtls.boot.doctor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.core.MtlsMaterial;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The doctor's identity, trust and settings checks on the material in service, logged once the
 * application is ready when it runs with {@code debug} ({@code --debug}): a warning per problem with its fix,
 * and the rest at info.
 *
 * @author mtls-spring-boot
 */
final class DoctorStartupReport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(DoctorStartupReport.class);

	private final MtlsMaterial material;

	private final Clock clock;

	DoctorStartupReport(MtlsMaterial material, Clock clock) {
		this.material = material;
		this.clock = clock;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		List<Finding> findings = new ArrayList<>();
		ConfigurableApplicationContext context = event.getApplicationContext();
		MtlsSettings settings = MtlsSettings.of(context);
		new MaterialChecks(this.clock.instant(), settings.health().getExpiryWarningThreshold())
			.check(this.material.identity(), this.material.trust(), findings);
		new SettingsChecks(settings, context.getEnvironment(), context).check(this.material,
				event.getSpringApplication().getWebApplicationType(), findings);
		for (Finding finding : findings) {
			String line = "mTLS doctor: %s %s: %s%s".formatted(finding.severity(), finding.topic(), finding.message(),
					(finding.fix() != null) ? ". Fix: " + finding.fix() : "");
			if (finding.severity() == Finding.Severity.WARNING || finding.severity() == Finding.Severity.ERROR) {
				logger.warn(line);
			}
			else {
				logger.info(line);
			}
		}
	}

}
