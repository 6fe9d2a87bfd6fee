package dev.mtls.boot.tools.doctor;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.mtls.boot.authorization.AuthorizationRules;
import dev.mtls.boot.authorization.MtlsAuthorizationProperties;
import dev.mtls.boot.client.MtlsClientProperties;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.doctor.Finding;
import dev.mtls.boot.doctor.Finding.Severity;
import dev.mtls.boot.doctor.MaterialChecks;
import dev.mtls.boot.doctor.MtlsSettings;
import dev.mtls.boot.doctor.SettingsChecks;
import dev.mtls.boot.health.MtlsHealthProperties;
import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.reload.MtlsReloadProperties;
import dev.mtls.boot.revocation.MtlsRevocationAutoConfiguration;
import dev.mtls.boot.revocation.MtlsRevocationProperties;
import dev.mtls.boot.server.MtlsServerProperties;
import dev.mtls.boot.spiffe.MtlsSpiffeAutoConfiguration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.Banner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.json.JsonWriter;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * The doctor command of {@code MtlsTools}: explains a broken mTLS setup in plain words. Reads {@code mtls.*} like the application does
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
 * java -cp app.jar -Dloader.main=dev.mtls.boot.tools.MtlsTools org.springframework.boot.loader.launch.PropertiesLauncher doctor --url=https://inventory:8443
 * </pre>
 *
 * @author mtls-spring-boot
 */
public final class Doctor {

	static final String USAGE = """
			The mTLS doctor: what is wrong with a service's mutual TLS setup, each finding with its fix.

			Usage: java -jar mtls-tools.jar doctor [--option=value ...] [Spring Boot arguments]

			It reads mtls.* as the application does: application.yml and its profiles (from the class path,
			or --spring.config.location), environment variables and --mtls.*= arguments.

			Options:
			  --url=https://host:8443  connect to that server as this identity and report what happened
			  --peer=client.crt        how this service would treat that client certificate chain (PEM)
			  --forwarded=<value>      how this service would treat that forwarded client certificate header
			  --request="POST /orders"  with --peer or --forwarded: may that peer make this request
			                           (mtls.authorization.rules), and which rule decides
			  --json                   print {"findings":[...]} instead of lines
			  --help                   this text
			Every other argument goes to Spring Boot, e.g. --spring.profiles.active=prod or
			--mtls.identity.certificate=file:tls.crt.

			Exit code: 0 nothing wrong, 1 errors, 2 warnings only.
			""";

	// Where the doctor keeps the application's spring.main.web-application-type.
	private static final String STACK_PROPERTY = "mtls-doctor.web-application-type";

	// The server the starter configures for each kind of web application.
	private static final Map<WebApplicationType, String> SERVERS = Map.of(WebApplicationType.SERVLET,
			"org.apache.catalina.startup.Tomcat", WebApplicationType.REACTIVE, "reactor.netty.http.server.HttpServer");

	private Doctor() {
	}

	/**
	 * Run the checks.
	 * @param arguments {@code --url=…}, {@code --peer=…}, {@code --forwarded=…}, {@code --json} and
	 * any Spring Boot arguments, as Spring Boot parses them
	 * @param out where the report goes
	 * @param err where a mistake in the doctor's own options goes
	 * @return the exit code
	 */
	public static int run(ApplicationArguments arguments, PrintStream out, PrintStream err) {
		if (arguments.containsOption("help")) {
			out.print(USAGE);
			return 0;
		}
		Options options;
		try {
			options = Options.of(arguments);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			return 1;
		}
		List<Finding> findings = new ArrayList<>();
		AtomicReference<@Nullable AcmeCheck> acme = new AtomicReference<>();
		try (ConfigurableApplicationContext context = start(options.springArguments(), acme)) {
			diagnose(context, options, findings);
		}
		catch (RuntimeException ex) {
			AcmeCheck check = acme.get();
			// Without a stored certificate, an ACME application has no identity until it orders one.
			if (check == null || check.stored()) {
				findings.add(startupProblem(ex));
			}
		}
		AcmeCheck check = acme.get();
		if (check != null) {
			check.check(findings);
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

	private static ConfigurableApplicationContext start(List<String> springArguments,
			AtomicReference<@Nullable AcmeCheck> acme) {
		return new SpringApplicationBuilder(Settings.class).web(WebApplicationType.NONE)
			.listeners((event) -> keepOutOfTheWeb(event, acme))
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			// Startup problems become findings: no failure report or refusal log lines in between.
			.properties("logging.level.root=warn", "logging.level.org.springframework.boot.SpringApplication=off",
					"logging.level.org.springframework.boot.diagnostics=off",
					"logging.level.org.springframework.context=error", "logging.level.dev.mtls.boot.core.RefusalLog=off",
					"spring.main.register-shutdown-hook=false")
			.run(springArguments.toArray(String[]::new));
	}

	// The application's spring.main.web-application-type says which server to check, but must not
	// turn the doctor itself into a web application. An ACME application's stored certificate is
	// checked as identity files: the doctor does not order certificates.
	private static void keepOutOfTheWeb(ApplicationEvent event, AtomicReference<@Nullable AcmeCheck> acme) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			ConfigurableEnvironment environment = prepared.getEnvironment();
			Map<String, Object> properties = new HashMap<>();
			properties.put("spring.main.web-application-type", "none");
			String stack = environment.getProperty("spring.main.web-application-type");
			if (stack != null) {
				properties.put(STACK_PROPERTY, stack);
			}
			AcmeCheck check = AcmeCheck.of(environment);
			acme.set(check);
			if (check != null && check.stored()) {
				properties.put("mtls.identity.certificate", "file:" + check.certificate());
				properties.put("mtls.identity.private-key", "file:" + check.key());
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
		Map<String, Object> state = material.sourceState();
		findings.add(Finding.info("identity", "from " + material.sourceName()
				+ (state.isEmpty() ? "" : " " + state)));
		new MaterialChecks(now, settings.health().getExpiryWarningThreshold()).check(material.identity(),
				material.trust(), findings);
		WebApplicationType stack = context.getEnvironment()
			.getProperty(STACK_PROPERTY, WebApplicationType.class, WebApplicationType.deduce());
		String server = SERVERS.get(stack);
		if (server != null && !ClassUtils.isPresent(server, Doctor.class.getClassLoader())) {
			// Run from its own jar, the doctor cannot tell which TLS engines the application's class path offers.
			findings.add(Finding.info("settings", "the server settings are not checked: spring.main.web-application-type=%s "
				.formatted(stack.name().toLowerCase(Locale.ROOT)) + "names a server this class path lacks (" + server
					+ "); run the doctor on the application's class path to check them"));
			stack = WebApplicationType.NONE;
		}
		new SettingsChecks(settings, context.getEnvironment(), context).check(material, stack, findings);
		MtlsAuthorizationProperties authorization = context.getBean(MtlsAuthorizationProperties.class);
		PeerCheck peers = new PeerCheck(material, settings, now, AuthorizationRules.of(authorization),
				authorization.getMode(), options.request());
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
				FailureAnalysis analysis = analyzed.analysis();
				return Finding.error("settings", analysis.getDescription(), analysis.getAction());
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
	 * The doctor's own options; every other argument goes to Spring Boot.
	 */
	private record Options(boolean json, @Nullable URI url, @Nullable Path peer, @Nullable String forwarded,
			PeerCheck.@Nullable Request request, List<String> springArguments) {

		private static final Set<String> OWN = Set.of("json", "url", "peer", "forwarded", "request");

		static Options of(ApplicationArguments arguments) {
			String url = value(arguments, "url", "https://inventory:8443");
			String peer = value(arguments, "peer", "client.crt");
			List<String> springArguments = new ArrayList<>();
			for (String argument : arguments.getSourceArgs()) {
				// Spring Boot names the option of each argument, as it will when it reads the rest.
				if (new DefaultApplicationArguments(argument).getOptionNames().stream().noneMatch(OWN::contains)) {
					springArguments.add(argument);
				}
			}
			String forwarded = value(arguments, "forwarded", "<header value>");
			String request = value(arguments, "request", "\"POST /orders\"");
			if (request != null && peer == null && forwarded == null) {
				throw new IllegalArgumentException(
						"--request asks about a peer: add --peer=client.crt or --forwarded=<header value>");
			}
			return new Options(arguments.containsOption("json"), (url != null) ? uri(url) : null,
					(peer != null) ? Path.of(peer) : null, forwarded,
					(request != null) ? PeerCheck.Request.of(request) : null, springArguments);
		}

		private static @Nullable String value(ApplicationArguments arguments, String option, String example) {
			List<String> values = arguments.getOptionValues(option);
			if (values == null) {
				return null;
			}
			if (values.size() > 1) {
				throw new IllegalArgumentException("--%s is given twice; give it once".formatted(option));
			}
			if (values.isEmpty() || (values.get(0).isEmpty() && !option.equals("forwarded"))) {
				throw new IllegalArgumentException("--%s needs a value, e.g. --%s=%s".formatted(option, option, example));
			}
			return values.get(0);
		}

		private static URI uri(String url) {
			try {
				URI uri = new URI(url);
				if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
					return uri;
				}
			}
			catch (URISyntaxException ex) {
				// Refused below.
			}
			throw new IllegalArgumentException(
					"--url=%s is not an https URL with a host; write e.g. --url=https://inventory:8443".formatted(url));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ MtlsProperties.class, MtlsServerProperties.class, MtlsClientProperties.class,
			MtlsProxyProperties.class, MtlsReloadProperties.class, MtlsRevocationProperties.class,
			MtlsHealthProperties.class, MtlsAuthorizationProperties.class })
	// The identity sources too: a SPIFFE socket that does not answer fails here as it would at startup.
	@ImportAutoConfiguration({ SslAutoConfiguration.class, MtlsSpiffeAutoConfiguration.class,
			MtlsAutoConfiguration.class, MtlsRevocationAutoConfiguration.class })
	static class Settings {

	}

}
