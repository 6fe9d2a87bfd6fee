package dev.mtls.boot.doctor;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.client.MtlsClientProperties;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.doctor.Finding.Severity;
import dev.mtls.boot.health.MtlsHealthProperties;
import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.reload.MtlsReloadProperties;
import dev.mtls.boot.revocation.MtlsRevocationAutoConfiguration;
import dev.mtls.boot.revocation.MtlsRevocationProperties;
import dev.mtls.boot.server.MtlsServerProperties;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.json.JsonWriter;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Explains a broken mTLS setup in plain words. Reads {@code mtls.*} like the application does
 * ({@code application.yml}, profiles, environment variables, {@code --mtls.*=} arguments) and
 * loads the identity, trust set and revocation checks through the starter's own auto-configuration,
 * so every problem startup would refuse is reported with the same message and fix. Then it checks
 * the material and settings, with {@code --peer=client.crt} how this application would treat a
 * client certificate, with {@code --forwarded=<header value>} a header a proxy forwards, and with
 * {@code --url=https://host:port} connects to a server as this identity. Prints one line per
 * finding with the fix, or JSON with {@code --json}. Exit code 0 when nothing is wrong, 1 on
 * errors, 2 on warnings only.
 *
 * <pre>
 * java -cp app.jar -Dloader.main=dev.mtls.boot.doctor.Doctor org.springframework.boot.loader.launch.PropertiesLauncher --url=https://inventory:8443
 * </pre>
 *
 * @author mtls-spring-boot
 */
public final class Doctor {

	// Where the doctor keeps the application's spring.main.web-application-type.
	private static final String STACK_PROPERTY = "mtls-doctor.web-application-type";

	private Doctor() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	/**
	 * Run the checks.
	 * @param args {@code --url=…}, {@code --peer=…}, {@code --forwarded=…}, {@code --json} and
	 * any Spring Boot arguments
	 * @param out where the report goes
	 * @return the exit code
	 */
	static int run(String[] args, PrintStream out) {
		Options options = Options.parse(args);
		List<Finding> findings = new ArrayList<>();
		try (ConfigurableApplicationContext context = start(options.springArguments())) {
			diagnose(context, options, findings);
		}
		catch (RuntimeException ex) {
			findings.add(startupProblem(ex));
		}
		if (options.json()) {
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

	private static ConfigurableApplicationContext start(List<String> springArguments) {
		return new SpringApplicationBuilder(Settings.class).web(WebApplicationType.NONE)
			.listeners(Doctor::keepOutOfTheWeb)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			// Startup problems become findings: no failure report or refusal log lines in between.
			.properties("logging.level.root=warn", "logging.level.org.springframework.boot.SpringApplication=off",
					"logging.level.org.springframework.boot.diagnostics=off",
					"logging.level.dev.mtls.boot.core.RefusalLog=off", "spring.main.register-shutdown-hook=false")
			.run(springArguments.toArray(String[]::new));
	}

	// The application's spring.main.web-application-type says which server to check, but must not
	// turn the doctor itself into a web application.
	private static void keepOutOfTheWeb(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			ConfigurableEnvironment environment = prepared.getEnvironment();
			Map<String, Object> properties = new HashMap<>();
			properties.put("spring.main.web-application-type", "none");
			String stack = environment.getProperty("spring.main.web-application-type");
			if (stack != null) {
				properties.put(STACK_PROPERTY, stack);
			}
			environment.getPropertySources().addFirst(new MapPropertySource("mtlsDoctor", properties));
		}
	}

	private static void diagnose(ConfigurableApplicationContext context, Options options, List<Finding> findings) {
		MtlsSettings settings = MtlsSettings.of(context);
		MtlsMaterial material = context.getBeanProvider(MtlsMaterial.class).getIfAvailable();
		if (material == null) {
			findings.add(Finding.info("settings", "mutual TLS is off (mtls.enabled=false): nothing to check"));
			return;
		}
		Instant now = Instant.now();
		new MaterialChecks(now, settings.health().getExpiryWarningThreshold()).check(material.identity(),
				material.trust(), findings);
		WebApplicationType stack = context.getEnvironment()
			.getProperty(STACK_PROPERTY, WebApplicationType.class, WebApplicationType.deduce());
		new SettingsChecks(settings, context.getEnvironment(), context).check(material, stack, findings);
		PeerCheck peers = new PeerCheck(material, settings, now);
		peers.checkOwnRevocation(findings);
		if (options.peer() != null) {
			peers.checkFile(options.peer(), findings);
		}
		if (options.forwarded() != null) {
			peers.checkForwarded(options.forwarded(), findings);
		}
		if (options.url() != null) {
			findings.addAll(new EndpointCheck(Duration.ofSeconds(10)).check(options.url(), material.identity(),
					material.trust()));
		}
	}

	// Startup failures arrive wrapped in bean creation exceptions; the analysed one names the fix.
	private static Finding startupProblem(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof FailureAnalyzedException analyzed) {
				return Finding.error("settings", analyzed.getMessage(), analyzed.analysis().getAction());
			}
		}
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return Finding.error("settings", "the application's mTLS settings cannot be loaded: " + root.getMessage(),
				"Check the mtls.* properties named in the message.");
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

	/**
	 * The doctor's own options; everything else goes to Spring Boot.
	 */
	private record Options(boolean json, URI url, Path peer, String forwarded, List<String> springArguments) {

		static Options parse(String[] args) {
			boolean json = false;
			URI url = null;
			Path peer = null;
			String forwarded = null;
			List<String> springArguments = new ArrayList<>();
			for (String argument : args) {
				if (argument.equals("--json")) {
					json = true;
				}
				else if (argument.startsWith("--url=")) {
					url = URI.create(argument.substring("--url=".length()));
				}
				else if (argument.startsWith("--peer=")) {
					peer = Path.of(argument.substring("--peer=".length()));
				}
				else if (argument.startsWith("--forwarded=")) {
					forwarded = argument.substring("--forwarded=".length());
				}
				else {
					springArguments.add(argument);
				}
			}
			return new Options(json, url, peer, forwarded, springArguments);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ MtlsProperties.class, MtlsServerProperties.class, MtlsClientProperties.class,
			MtlsProxyProperties.class, MtlsReloadProperties.class, MtlsRevocationProperties.class,
			MtlsHealthProperties.class })
	@ImportAutoConfiguration({ SslAutoConfiguration.class, MtlsAutoConfiguration.class,
			MtlsRevocationAutoConfiguration.class })
	static class Settings {

	}

}
