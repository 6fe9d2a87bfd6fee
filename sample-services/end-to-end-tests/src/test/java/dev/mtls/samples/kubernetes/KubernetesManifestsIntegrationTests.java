package dev.mtls.samples.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code deploy/kubernetes} true to the code: every {@code MTLS_*} variable binds to a real
 * starter property, every granted peer is a SPIFFE ID some Certificate issues, every mounted secret
 * is one a Certificate writes (as a directory, so rotation reaches the pod), probes use the
 * management port the samples configure, and upstream URLs name a Service and a DNS SAN.
 */
class KubernetesManifestsIntegrationTests {

	private final List<Map<String, Object>> documents = new ArrayList<>();

	@BeforeEach
	void read() throws IOException {
		Path directory = Path.of(System.getProperty("kubernetes.dir"));
		try (var files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				for (Object document : new Yaml().loadAll(Files.readString(file))) {
					this.documents.add(map(document));
				}
			}
		}
	}

	@Test
	void everyMtlsVariableBindsToAStarterProperty() throws IOException {
		Set<String> properties = starterProperties();
		List<String> variables = containers().stream()
			.flatMap((container) -> list(container.get("env")).stream())
			.map((variable) -> (String) map(variable).get("name"))
			.filter((name) -> name.startsWith("MTLS_"))
			.toList();
		assertThat(variables).isNotEmpty();
		for (String variable : variables) {
			// MTLS_GRANTS_0_PEER -> mtls.grants (list elements bind below the list property)
			String canonical = variable.toLowerCase(Locale.ROOT).replaceAll("_\\d+(_.*)?$", "").replace('_', '.');
			assertThat(properties).as(variable).contains(canonical);
		}
	}

	@Test
	void grantedPeersAreIssuedByACertificate() {
		Set<String> issued = new HashSet<>();
		Set<String> dnsNames = new HashSet<>();
		for (Map<String, Object> certificate : kind("Certificate")) {
			Map<String, Object> spec = map(certificate.get("spec"));
			list(spec.get("uris")).forEach((uri) -> issued.add((String) uri));
			list(spec.get("dnsNames")).forEach((name) -> dnsNames.add((String) name));
		}
		for (Map<String, Object> container : containers()) {
			for (Object variable : list(container.get("env"))) {
				Map<String, Object> env = map(variable);
				String name = (String) env.get("name");
				if (name.matches("MTLS_GRANTS_\\d+_PEER")) {
					assertThat(issued).as(name).contains((String) env.get("value"));
				}
				if (name.equals("SAMPLE_UPSTREAMURL")) {
					Matcher url = Pattern.compile("https://([^:/]+):(\\d+)").matcher((String) env.get("value"));
					assertThat(url.matches()).isTrue();
					assertThat(dnsNames).as("DNS SAN for " + url.group(1)).contains(url.group(1));
					assertThat(kind("Service")).extracting((service) -> map(service.get("metadata")).get("name"))
						.contains(url.group(1));
				}
			}
		}
	}

	@Test
	void secretsAreCertificatesMountedAsDirectories() {
		Set<String> secrets = new HashSet<>();
		kind("Certificate").forEach((certificate) -> secrets.add((String) map(certificate.get("spec")).get("secretName")));
		for (Map<String, Object> deployment : kind("Deployment")) {
			Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
			for (Object volume : list(pod.get("volumes"))) {
				Map<String, Object> secret = map(map(volume).get("secret"));
				assertThat(secrets).contains((String) secret.get("secretName"));
			}
			for (Object container : list(pod.get("containers"))) {
				for (Object mount : list(map(container).get("volumeMounts"))) {
					assertThat(map(mount)).doesNotContainKey("subPath");
				}
			}
		}
	}

	@Test
	void probesUseTheManagementPortTheSamplesConfigure() throws IOException {
		for (Map<String, Object> container : containers()) {
			String service = (String) container.get("name");
			int managementPort = ((Number) list(container.get("ports")).stream()
				.map(this::map)
				.filter((port) -> "management".equals(port.get("name")))
				.findFirst()
				.orElseThrow()
				.get("containerPort")).intValue();
			Path applicationYaml = Path.of(System.getProperty("kubernetes.dir"), "../../sample-services", service,
					"src/main/resources/application.yml");
			Map<String, Object> application = map(new Yaml().loadAll(Files.readString(applicationYaml)).iterator().next());
			assertThat(map(map(application.get("management")).get("server")).get("port")).as(service)
				.isEqualTo(managementPort);
			for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
				assertThat(map(map(container.get(probe)).get("httpGet")).get("port")).as(service + " " + probe)
					.isEqualTo("management");
			}
		}
	}

	// The management port is plain HTTP and the default chain permits it: it must not be open to
	// the whole cluster, while the mTLS port is.
	@Test
	void managementPortsAreClosedToAllButMonitoring() {
		for (Map<String, Object> deployment : kind("Deployment")) {
			Object app = map(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels")).get("app");
			List<Map<String, Object>> policies = kind("NetworkPolicy").stream()
				.filter((policy) -> app.equals(map(map(map(policy.get("spec")).get("podSelector")).get("matchLabels")).get("app")))
				.toList();
			assertThat(policies).as("NetworkPolicy for " + app).hasSize(1);
			List<Map<String, Object>> rules = list(map(policies.get(0).get("spec")).get("ingress")).stream().map(this::map).toList();
			for (Map<String, Object> rule : rules) {
				boolean management = list(rule.get("ports")).stream().map(this::map).anyMatch((port) -> "management".equals(port.get("port")));
				if (management) {
					assertThat(list(rule.get("from"))).as(app + ": management port open to everyone").isNotEmpty();
				}
			}
			assertThat(rules).as(app + ": mTLS port reachable")
				.anySatisfy((rule) -> assertThat(list(rule.get("ports"))).extracting((port) -> map(port).get("port")).contains("https"));
		}
	}

	private List<Map<String, Object>> containers() {
		List<Map<String, Object>> containers = new ArrayList<>();
		for (Map<String, Object> deployment : kind("Deployment")) {
			Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
			list(pod.get("containers")).forEach((container) -> containers.add(map(container)));
		}
		assertThat(containers).hasSize(2);
		return containers;
	}

	private List<Map<String, Object>> kind(String kind) {
		return this.documents.stream().filter((document) -> kind.equals(document.get("kind"))).toList();
	}

	private static Set<String> starterProperties() throws IOException {
		try (InputStream in = KubernetesManifestsIntegrationTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Set<String> names = new HashSet<>();
			Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"(mtls\\.[^\"]+)\"").matcher(json);
			while (name.find()) {
				names.add(name.group(1).replace("-", ""));
			}
			return names;
		}
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (value instanceof List<?> list) ? (List<Object>) list : List.of();
	}

}
