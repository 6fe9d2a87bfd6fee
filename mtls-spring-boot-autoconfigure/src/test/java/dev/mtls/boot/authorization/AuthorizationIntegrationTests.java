package dev.mtls.boot.authorization;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.authorization} on Tomcat and Reactor Netty with real TLS clients: each refusal has
 * its allowed twin on the same server, decisions are counted per rule and listed in the mtls
 * endpoint, the management port is left alone.
 */
class AuthorizationIntegrationTests {

	private static final String[] RULES = { "--mtls.authorization.rules[0].name=block-legacy",
			"--mtls.authorization.rules[0].action=deny", "--mtls.authorization.rules[0].peers=" + TestPki.spiffeId("legacy"),
			"--mtls.authorization.rules[1].name=orders-read", "--mtls.authorization.rules[1].action=allow",
			"--mtls.authorization.rules[1].methods=GET", "--mtls.authorization.rules[1].paths=/orders/**,/whoami",
			"--mtls.authorization.rules[2].name=orders-write", "--mtls.authorization.rules[2].action=allow",
			"--mtls.authorization.rules[2].peers=" + TestPki.spiffeId("orders"),
			"--mtls.authorization.rules[2].methods=POST", "--mtls.authorization.rules[2].paths=/orders",
			"--mtls.authorization.rules[3].name=watch-admins", "--mtls.authorization.rules[3].action=audit",
			"--mtls.authorization.rules[3].authorities=SCOPE_admin" };

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void allowsDeniesAndRefusesWhatNoAllowRuleMatches(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki, RULES)) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			TlsClient legacy = TlsClient.presenting(pki.client("legacy"), pki.root());
			TlsClient billing = TlsClient.presenting(pki.client("billing"), pki.root());
			// Deny first: legacy matches the allow rule orders-read too.
			assertThat(answer(legacy.get(app.port(), "/orders/1")))
				.isEqualTo("403 403 Forbidden: peer '" + TestPki.spiffeId("legacy")
						+ "' may not make this request: denied by rule 'block-legacy' (mtls.authorization)\n");
			assertThat(answer(orders.get(app.port(), "/orders/1"))).isEqualTo("200 order 1");
			// Methods: POST is allowed for orders only; DELETE by no rule at all.
			assertThat(answer(orders.send(app.port(), "POST", "/orders"))).isEqualTo("200 placed");
			assertThat(answer(billing.send(app.port(), "POST", "/orders"))).endsWith(": no allow rule matched (mtls.authorization)\n")
				.startsWith("403 ");
			assertThat(answer(orders.send(app.port(), "DELETE", "/orders/1"))).startsWith("403 ")
				.contains("no allow rule matched");
			// Paths: once an allow rule exists, a path no allow rule names is refused.
			assertThat(answer(billing.get(app.port(), "/orders/2"))).isEqualTo("200 order 2");
			assertThat(answer(billing.get(app.port(), "/admin"))).startsWith("403 ").contains("no allow rule matched");
			// Audit rules serve and count.
			TlsClient admin = TlsClient.presenting(pki.client("admin-ops"), pki.root());
			assertThat(answer(admin.get(app.port(), "/whoami"))).startsWith("200 ").contains("SCOPE_admin");
			// Without a certificate, the default chain still answers 401 (mtls.authorization.anonymous is not set).
			assertThat(TlsClient.anonymous(pki.root()).get(app.port(), "/orders/1").statusCode()).isEqualTo(401);

			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(decisions(registry, "block-legacy", "denied")).isOne();
			assertThat(decisions(registry, "orders-read", "allowed")).isEqualTo(3);
			assertThat(decisions(registry, "orders-write", "allowed")).isOne();
			assertThat(decisions(registry, "no-allow-rule", "denied")).isEqualTo(3);
			assertThat(decisions(registry, "watch-admins", "audited")).isOne();

			JsonNode authorization = endpoint(app).get("authorization");
			assertThat(authorization.get("mode").asString()).isEqualTo("enforce");
			JsonNode rules = authorization.get("rules");
			assertThat(rules.get(0).get("name").asString()).isEqualTo("block-legacy");
			assertThat(rules.get(0).get("action").asString()).isEqualTo("deny");
			assertThat(rules.get(0).get("hits").get("denied").asLong()).isOne();
			assertThat(rules.get(1).get("hits").get("allowed").asLong()).isEqualTo(3);
			assertThat(rules.get(2).get("methods").get(0).asString()).isEqualTo("POST");
			assertThat(rules.get(3).get("hits").get("audited").asLong()).isOne();
			assertThat(authorization.get("withoutRule").get("no-allow-rule").get("denied").asLong()).isEqualTo(3);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void auditModeServesWhatItWouldRefuseAndCountsIt(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki, with(RULES, "--mtls.authorization.mode=audit"))) {
			TlsClient legacy = TlsClient.presenting(pki.client("legacy"), pki.root());
			assertThat(answer(legacy.get(app.port(), "/orders/1"))).isEqualTo("200 order 1");
			assertThat(answer(legacy.get(app.port(), "/admin"))).isEqualTo("200 admin");
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(decisions(registry, "block-legacy", "audited")).isEqualTo(2);
			assertThat(decisions(registry, "block-legacy", "denied")).isZero();
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void rulesApplyInAnApplicationsOwnChainBesideItsOwnRules(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki, "--test.custom-chain=true",
				"--mtls.authorization.rules[0].name=block-legacy", "--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].peers=" + TestPki.spiffeId("legacy"),
				"--mtls.authorization.rules[1].name=reads", "--mtls.authorization.rules[1].action=allow",
				"--mtls.authorization.rules[1].methods=GET", "--mtls.authorization.rules[1].paths=/whoami,/admin")) {
			TlsClient legacy = TlsClient.presenting(pki.client("legacy"), pki.root());
			TlsClient admin = TlsClient.presenting(pki.client("admin-ops"), pki.root());
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(legacy.get(app.port(), "/whoami"))).startsWith("403 ").contains("rule 'block-legacy'");
			assertThat(answer(orders.get(app.port(), "/whoami"))).startsWith("200 ");
			// The chain's own rule (/admin needs SCOPE_admin) still applies where mtls.authorization allows...
			assertThat(answer(orders.get(app.port(), "/admin"))).startsWith("403 ")
				.contains("is not granted the authority this request needs");
			assertThat(answer(admin.get(app.port(), "/admin"))).isEqualTo("200 admin");
			// ...and mtls.authorization's where the chain would allow.
			assertThat(answer(admin.get(app.port(), "/orders/1"))).startsWith("403 ").contains("no allow rule matched");
		}
	}

	// The path is matched as the framework routes it: encodings, dot segments and extra slashes reach the
	// controller as /admin or are rejected by Security's firewall, never served past the deny rule.
	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void spellingsOfADeniedPathDoNotGetPastTheRule(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki, "--mtls.authorization.rules[0].name=no-admin",
				"--mtls.authorization.rules[0].action=deny", "--mtls.authorization.rules[0].paths=/admin/**")) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			for (String path : List.of("/admin", "/%61dmin", "/admin/", "/./admin", "/whoami/../admin", "//admin",
					"/admin;x=1", "/ADMIN/../admin")) {
				HttpResponse<String> response = orders.get(app.port(), path);
				assertThat(response.statusCode()).as("%s: %s", path, response.body()).isNotEqualTo(200);
				assertThat(response.body()).as(path).isNotEqualTo("admin");
			}
			assertThat(answer(orders.get(app.port(), "/whoami"))).startsWith("200 ");
			assertThat(answer(orders.get(app.port(), "/admin"))).contains("rule 'no-admin'");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void anonymousDenyRefusesCallersWithoutACertificate(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki, "--mtls.authorization.anonymous=deny")) {
			assertThat(answer(TlsClient.anonymous(pki.root()).get(app.port(), "/orders/1")))
				.isEqualTo("401 401 Unauthorized: a client certificate is required (mtls.authorization.anonymous=deny)\n");
			assertThat(answer(TlsClient.presenting(pki.client("orders"), pki.root()).get(app.port(), "/orders/1")))
				.isEqualTo("200 order 1");
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(anonymous(registry, "denied")).isOne();
			assertThat(decisions(registry, "none", "allowed")).isOne();
			// The management port is not decided: a caller without a certificate reads the endpoint there.
			JsonNode caller = endpoint(app).get("authorization").get("anonymousCallers").get(0);
			assertThat(caller.get("address").asString()).isEqualTo("127.0.0.1");
			assertThat(caller.get("outcome").asString()).isEqualTo("denied");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void anonymousAuditServesCountsAndListsCallers(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki, with(RULES, "--mtls.authorization.anonymous=audit"))) {
			TlsClient anonymous = TlsClient.anonymous(pki.root());
			assertThat(answer(anonymous.get(app.port(), "/orders/1"))).isEqualTo("200 order 1");
			assertThat(answer(anonymous.get(app.port(), "/orders/2"))).isEqualTo("200 order 2");
			assertThat(answer(anonymous.get(app.port(), "/whoami"))).startsWith("200 ").contains("\"principal\":\"anonymous\"");
			// Verified peers are still decided by the rules on the same server.
			assertThat(answer(TlsClient.presenting(pki.client("legacy"), pki.root()).get(app.port(), "/orders/1")))
				.startsWith("403 ");
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(anonymous(registry, "audited")).isEqualTo(3);
			JsonNode callers = endpoint(app).get("authorization").get("anonymousCallers");
			List<String> listed = new ArrayList<>();
			for (JsonNode caller : callers) {
				listed.add(caller.get("address").asString() + " " + caller.get("method").asString() + " "
						+ caller.get("path").asString() + " " + caller.get("count").asLong());
				assertThat(caller.get("outcome").asString()).isEqualTo("audited");
				assertThat(caller.get("firstSeen").isNull()).isFalse();
				assertThat(caller.get("lastSeen").isNull()).isFalse();
			}
			// Listed by the handler's pattern, never by the raw path.
			assertThat(listed).containsExactlyInAnyOrder("127.0.0.1 GET /orders/{id} 2", "127.0.0.1 GET /whoami 1");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void anonymousAllowServesCallersWithoutACertificate(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki, "--mtls.authorization.anonymous=allow")) {
			assertThat(answer(TlsClient.anonymous(pki.root()).get(app.port(), "/orders/1"))).isEqualTo("200 order 1");
			assertThat(answer(TlsClient.presenting(pki.client("orders"), pki.root()).get(app.port(), "/orders/1")))
				.isEqualTo("200 order 1");
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(anonymous(registry, "allowed")).isOne();
			assertThat(endpoint(app).get("authorization").get("anonymousCallers")).isEmpty();
		}
	}

	// With nothing to decide (the default), the chain leaves the authorization filter out (in an observed chain
	// each filter costs two observation events per request) and the authentication filter counts the peers'
	// requests instead: once per request, an error dispatch included, the management port left alone.
	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void withoutRulesPeerRequestsAreCountedWithoutTheAuthorizationFilter(WebApplicationType type,
			@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(type, pki)) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(orders.get(app.port(), "/orders/1"))).isEqualTo("200 order 1");
			assertThat(orders.get(app.port(), "/missing").statusCode()).isEqualTo(404);
			assertThat(endpoint(app).get("authorization")).isNotNull();
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(decisions(registry, "none", "allowed")).isEqualTo(2);
			String web = (type == WebApplicationType.SERVLET) ? "" : "Web";
			assertThat(filterNames(app, type)).contains("PeerAuthentication" + web + "Filter")
				.doesNotContain("PeerAuthorization" + web + "Filter");
		}
	}

	// The class names of the security filters of the application's chains.
	private static List<String> filterNames(RunningPeer app, WebApplicationType type) {
		List<Object> filters = new ArrayList<>();
		if (type == WebApplicationType.SERVLET) {
			app.context().getBeansOfType(SecurityFilterChain.class).values().forEach((chain) -> filters.addAll(chain.getFilters()));
		}
		else {
			app.context().getBeansOfType(SecurityWebFilterChain.class).values()
				.forEach((chain) -> filters.addAll(chain.getWebFilters().collectList().block()));
		}
		return filters.stream().map((filter) -> filter.getClass().getSimpleName()).toList();
	}

	private static RunningPeer start(WebApplicationType type, TestPki pki, String... arguments) {
		return RunningPeer.start(type, pki, "app", pki.server("app"),
				with(arguments, "--mtls.server.client-auth=want", "--management.server.port=0",
						"--management.endpoints.web.exposure.include=mtls",
						"--spring.main.allow-bean-definition-overriding=true"));
	}

	private static String[] with(String[] arguments, String... more) {
		List<String> all = new ArrayList<>(Arrays.asList(arguments));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	// The status, then the body (which starts with the status again for refusals).
	private static String answer(HttpResponse<String> response) {
		return response.statusCode() + " " + response.body();
	}

	private static double decisions(MeterRegistry registry, String rule, String decision) {
		return registry.get("mtls.authorization.decisions").tag("rule", rule).tag("decision", decision)
			.functionCounter()
			.count();
	}

	private static double anonymous(MeterRegistry registry, String outcome) {
		return registry.get("mtls.authorization.anonymous").tag("outcome", outcome).functionCounter().count();
	}

	// The management port is plain HTTP and not subject to mtls.authorization.
	private static JsonNode endpoint(RunningPeer app) throws IOException, InterruptedException {
		String url = "http://localhost:" + app.context().getEnvironment().getProperty("local.management.port")
				+ "/actuator/mtls";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body());
	}
}
