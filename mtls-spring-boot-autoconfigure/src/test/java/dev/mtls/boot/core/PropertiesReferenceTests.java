package dev.mtls.boot.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/properties.md} is the configuration metadata rendered as a page: every {@code mtls.*}
 * property with its type, default and description (the Javadoc of its field), grouped by prefix. The page
 * cannot drift from the code: this test fails when it differs from what the metadata renders, and writes
 * it instead when run with {@code -Dmtls.docs.write=true}.
 */
class PropertiesReferenceTests {

	private static final Path PAGE = Path.of("..", "docs", "properties.md");

	private static final String REGENERATE = "mvn -pl mtls-spring-boot-autoconfigure test "
			+ "-Dtest=PropertiesReferenceTests -Dmtls.docs.write=true";

	private static final String INTRO = """
			# Properties

			<!-- Generated from the configuration metadata by PropertiesReferenceTests: edit the Javadoc of the
			     property's field, then run %s -->

			Every `mtls.*` property with its type, default and description, as IDEs show them from the
			starter's configuration metadata (this page is generated from it). Command-line and environment forms
			work the same: `--mtls.identity.certificate=file:/etc/tls/tls.crt`,
			`MTLS_IDENTITY_CERTIFICATE=file:/etc/tls/tls.crt`.

			Exactly one identity source must be set: `mtls.identity.certificate`/`private-key`,
			`mtls.identity.keystore.*`, `mtls.bundle`, `mtls.identity.spiffe` or `mtls.identity.acme.directory` (or
			`mtls.dev.enabled=true`); a second one fails startup naming both. A missing identity is a startup error, never a silent
			self-signed certificate. With `client-auth: need` or `want`, a trust set is required. Without a trust set
			(`client-auth: none`) clients fall back to the JDK's default CAs.
			""".formatted(REGENERATE);

	// Where each group is explained at length.
	private static final Map<String, String> SEE_ALSO = Map.ofEntries(Map.entry("mtls.server",
			"[How it fits Spring Boot](security.md#how-it-fits-spring-boot), [TLS engines](security.md#tls-engines), "
					+ "[Performance](performance.md)"),
			Map.entry("mtls.client", "[Clients](../README.md#clients)"),
			Map.entry("mtls.proxy", "[Behind a TLS-terminating proxy](proxies.md)"),
			Map.entry("mtls.reload", "[Certificate rotation](rotation.md)"),
			Map.entry("mtls.revocation", "[Revocation](revocation.md)"),
			Map.entry("mtls.dev", "[Development CA](development-ca.md)"),
			Map.entry("mtls.health", "[Health](observability.md#health-actuatorhealthmtls)"),
			Map.entry("mtls.metrics", "[Metrics](observability.md#metrics)"),
			Map.entry("mtls.authorization", "[Authorization rules](authorization.md)"),
			Map.entry("mtls.identity.spiffe", "[SPIFFE Workload API](spiffe.md)"),
			Map.entry("mtls.client.spiffe", "[Calling SPIFFE servers](spiffe.md#calling-spiffe-servers)"),
			Map.entry("mtls.identity.acme", "[Identity from an ACME CA](acme.md)"));

	private static final Pattern QUOTED = Pattern.compile("(?<=^|[\\s(])'([^'\\s]+)'(?=$|[\\s),.;:])");

	@Test
	void pageIsRenderedFromTheMetadata() throws IOException {
		String rendered = render(metadata());
		if (Boolean.getBoolean("mtls.docs.write")) {
			Files.writeString(PAGE, rendered);
		}
		String page = Files.exists(PAGE) ? Files.readString(PAGE) : "";
		assertThat(page).as("%s differs from the configuration metadata; regenerate it with: %s", PAGE, REGENERATE)
			.isEqualTo(rendered);
	}

	@Test
	void everyPropertyIsOnThePage() throws IOException {
		JsonNode metadata = metadata();
		String rendered = render(metadata);
		List<String> names = properties(metadata).map((property) -> property.get("name").asString()).toList();
		assertThat(names).hasSizeGreaterThan(40).allSatisfy((name) -> assertThat(rendered).contains("| `" + name + "` |"));
	}

	private static String render(JsonNode metadata) {
		List<String> groups = new ArrayList<>();
		metadata.get("groups").forEach((group) -> groups.add(group.get("name").asString()));
		Map<String, List<JsonNode>> byGroup = new TreeMap<>();
		properties(metadata).forEach((property) -> byGroup
			.computeIfAbsent(groupOf(property.get("name").asString(), groups), (group) -> new ArrayList<>())
			.add(property));
		Map<String, List<String>> hints = new TreeMap<>();
		metadata.get("hints").forEach((hint) -> {
			List<String> values = new ArrayList<>();
			hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
			hints.put(hint.get("name").asString(), values);
		});
		StringBuilder page = new StringBuilder(INTRO);
		byGroup.forEach((group, properties) -> {
			page.append("\n## `").append(group).append("`\n\n");
			if (SEE_ALSO.containsKey(group)) {
				page.append("See ").append(SEE_ALSO.get(group)).append(".\n\n");
			}
			page.append("| Property | Type | Default | Description |\n|---|---|---|---|\n");
			properties.stream().sorted(Comparator.comparing((property) -> property.get("name").asString()))
				.forEach((property) -> page.append(row(property, hints)));
		});
		return page.toString();
	}

	private static String row(JsonNode property, Map<String, List<String>> hints) {
		String name = property.get("name").asString();
		String type = property.get("type").asString();
		List<String> values = hints.getOrDefault(name, constants(type));
		String typeCell = code(simpleName(type))
				+ (values.isEmpty() ? "" : ": " + values.stream().map(PropertiesReferenceTests::code).collect(Collectors.joining(", ")));
		return "| " + code(name) + " | " + typeCell + " | " + defaultOf(property.get("defaultValue")) + " | "
				+ prose(property.get("description").asString()) + " |\n";
	}

	private static String groupOf(String name, List<String> groups) {
		return groups.stream()
			.filter((group) -> name.startsWith(group + "."))
			.max(Comparator.comparingInt(String::length))
			.orElse(name.substring(0, name.lastIndexOf('.')));
	}

	// java.util.List<java.lang.String> -> List<String>; dev.mtls.boot.core.MtlsProperties$Grant -> MtlsProperties.Grant
	private static String simpleName(String type) {
		return type.replaceAll("[a-z][\\w]*\\.", "").replace('$', '.');
	}

	// An enum's constants as they are written in properties (kebab case).
	private static List<String> constants(String type) {
		try {
			Class<?> candidate = Class.forName(type, false, PropertiesReferenceTests.class.getClassLoader());
			if (candidate.isEnum()) {
				return Stream.of(candidate.getEnumConstants())
					.map((constant) -> ((Enum<?>) constant).name().toLowerCase().replace('_', '-'))
					.toList();
			}
		}
		catch (ClassNotFoundException ex) {
			// a generic type such as java.util.List<java.lang.String>: no constants to list
		}
		return List.of();
	}

	private static String defaultOf(JsonNode value) {
		if (value == null || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return code(String.join(", ", items));
		}
		return code(value.asString());
	}

	// 'quoted' names become code; what Markdown would read as emphasis or a cell border is escaped.
	private static String prose(String description) {
		StringBuilder out = new StringBuilder();
		Matcher quoted = QUOTED.matcher(description);
		int last = 0;
		while (quoted.find()) {
			out.append(escape(description.substring(last, quoted.start()))).append(code(quoted.group(1)));
			last = quoted.end();
		}
		return out.append(escape(description.substring(last))).toString();
	}

	private static String escape(String text) {
		return text.replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;");
	}

	private static String code(String text) {
		return "`" + text.replace("|", "\\|") + "`";
	}

	private static Stream<JsonNode> properties(JsonNode metadata) {
		List<JsonNode> properties = new ArrayList<>();
		metadata.get("properties").forEach(properties::add);
		return properties.stream().filter((property) -> property.get("name").asString().startsWith("mtls."));
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream in = compiled("META-INF/spring-configuration-metadata.json")) {
			return JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	// The file as compiled next to MtlsProperties, not another jar's copy (as ConfigurationMetadataTests reads it).
	private static InputStream compiled(String name) throws IOException {
		String classes = MtlsProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
		for (URL url : Collections.list(MtlsProperties.class.getClassLoader().getResources(name))) {
			if (url.toString().startsWith(classes) || url.toString().startsWith("jar:" + classes)) {
				return url.openStream();
			}
		}
		throw new AssertionError(name + " is missing from " + classes + ": the annotation processors did not run");
	}

}
