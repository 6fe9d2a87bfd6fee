package dev.mtls.boot.doctor;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.core.MaterialFiles;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.doctor.Finding.Severity;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.json.JsonWriter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Explains a broken mTLS setup in plain words. Reads {@code mtls.*} like the application does
 * ({@code application.yml}, profiles, environment variables, {@code --mtls.*=} arguments), checks
 * the identity and trust set, and with {@code --url=https://host:port} connects to a server as this
 * identity. Prints one line per finding with the fix, or JSON with {@code --json}. Exit code 0 when
 * nothing is wrong, 1 on errors, 2 on warnings only.
 *
 * <pre>
 * java -cp app.jar -Dloader.main=dev.mtls.boot.doctor.Doctor org.springframework.boot.loader.launch.PropertiesLauncher --url=https://inventory:8443
 * </pre>
 *
 * @author mtls-spring-boot
 */
public final class Doctor {

	private Doctor() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	/**
	 * Run the checks.
	 * @param args {@code --url=…}, {@code --json} and any Spring Boot arguments
	 * @param out where the report goes
	 * @return the exit code
	 */
	static int run(String[] args, PrintStream out) {
		boolean json = false;
		URI url = null;
		List<String> springArguments = new ArrayList<>();
		for (String argument : args) {
			if (argument.equals("--json")) {
				json = true;
			}
			else if (argument.startsWith("--url=")) {
				url = URI.create(argument.substring("--url=".length()));
			}
			else {
				springArguments.add(argument);
			}
		}
		List<Finding> findings = new ArrayList<>();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=warn", "spring.main.register-shutdown-hook=false")
			.run(springArguments.toArray(String[]::new))) {
			MtlsProperties properties = context.getBean(MtlsProperties.class);
			MaterialFiles.Loaded material = new MaterialChecks(Instant.now(),
					properties.getHealth().getExpiryWarningThreshold())
				.check(properties, context, findings);
			if (url != null && material != null) {
				findings.addAll(new EndpointCheck(Duration.ofSeconds(10)).check(url, material));
			}
		}
		if (json) {
			out.println(json(findings));
		}
		else {
			human(findings, out);
		}
		if (findings.stream().anyMatch((finding) -> finding.severity() == Severity.ERROR)) {
			return 1;
		}
		return findings.stream().anyMatch((finding) -> finding.severity() == Severity.WARNING) ? 2 : 0;
	}

	private static void human(List<Finding> findings, PrintStream out) {
		out.println("mTLS doctor");
		for (Finding finding : findings) {
			out.printf("  %-8s %-10s %s%n", finding.severity(), finding.topic(), finding.message());
			if (finding.fix() != null) {
				out.printf("  %-8s %-10s fix: %s%n", "", "", finding.fix());
			}
		}
		long errors = findings.stream().filter((finding) -> finding.severity() == Severity.ERROR).count();
		long warnings = findings.stream().filter((finding) -> finding.severity() == Severity.WARNING).count();
		out.println((errors + warnings == 0) ? "No problems found." : "%d error(s), %d warning(s).".formatted(errors, warnings));
	}

	private static String json(List<Finding> findings) {
		List<Map<String, Object>> entries = new ArrayList<>();
		for (Finding finding : findings) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("severity", finding.severity().name());
			entry.put("topic", finding.topic());
			entry.put("message", finding.message());
			entry.put("fix", finding.fix());
			entries.add(entry);
		}
		return JsonWriter.standard().writeToString(Map.of("findings", entries));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MtlsProperties.class)
	static class Settings {

	}

}
