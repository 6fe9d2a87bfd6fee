package dev.mtls.boot.authorization;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mtls.boot.authorization.DecisionCounts.Outcome;
import dev.mtls.boot.authorization.MtlsAuthorizationProperties.Anonymous;
import dev.mtls.boot.authorization.MtlsAuthorizationProperties.Mode;
import dev.mtls.boot.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions are counted per rule, refused in mode enforce only, logged once per peer and rule in
 * five minutes with what callers control escaped; callers without a peer are treated as
 * {@code mtls.authorization.anonymous} says and listed, boundedly, by pattern and never by raw path.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestAuthorizationTests {

	private static final String LEGACY = "spiffe://shop.example/ns/prod/sa/legacy";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));

	@Test
	void refusesADeniedPeerWithABodyNamingTheRuleAndCountsIt() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, null);
		String refusal = authorization.refusePeer(LEGACY, List.of(), "GET", path("/orders/1"));
		assertThat(refusal).isEqualTo("403 Forbidden: peer '" + LEGACY
				+ "' may not make this request: denied by rule 'block-legacy' (mtls.authorization)\n");
		assertThat(authorization.refusePeer("spiffe://shop.example/ns/prod/sa/orders", List.of(), "GET",
				path("/orders/1"))).isNull();
		assertThat(authorization.refusePeer("spiffe://shop.example/ns/prod/sa/orders", List.of(), "GET",
				path("/admin"))).endsWith("no allow rule matched (mtls.authorization)\n");
		assertThat(authorization.counts().of("block-legacy").count(Outcome.DENIED)).isOne();
		assertThat(authorization.counts().of("reads").count(Outcome.ALLOWED)).isOne();
		assertThat(authorization.counts().of("no-allow-rule").count(Outcome.DENIED)).isOne();
	}

	@Test
	void auditModeServesWhatItWouldRefuseAndCountsItAsAudited() {
		RequestAuthorization authorization = authorization(Mode.AUDIT, null);
		assertThat(authorization.refusePeer(LEGACY, List.of(), "GET", path("/orders/1"))).isNull();
		assertThat(authorization.counts().of("block-legacy").count(Outcome.AUDITED)).isOne();
		assertThat(authorization.counts().of("block-legacy").count(Outcome.DENIED)).isZero();
	}

	@Test
	void auditRulesAreCountedBesideTheDecision() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, null);
		assertThat(authorization.refusePeer("spiffe://shop.example/ns/prod/sa/admin",
				AuthorityUtils.createAuthorityList("SCOPE_admin"), "GET", path("/orders/1"))).isNull();
		assertThat(authorization.counts().of("watch-admins").count(Outcome.AUDITED)).isOne();
		assertThat(authorization.counts().of("reads").count(Outcome.ALLOWED)).isOne();
	}

	@Test
	void logsOncePerPeerAndRuleInFiveMinutes(CapturedOutput output) {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, null);
		for (int i = 0; i < 3; i++) {
			authorization.refusePeer(LEGACY, List.of(), "GET", path("/orders/" + i));
		}
		assertThat(lines(output, "refused peer")).isOne();
		// Another rule refusing the same peer is news.
		authorization.refusePeer("spiffe://shop.example/ns/prod/sa/orders", List.of(), "DELETE", path("/orders/1"));
		assertThat(lines(output, "refused peer")).isEqualTo(2);
		this.clock.advance(Duration.ofMinutes(5));
		authorization.refusePeer(LEGACY, List.of(), "GET", path("/orders/1"));
		assertThat(lines(output, "refused peer")).isEqualTo(3);
		assertThat(output).contains("mTLS authorization refused peer \"" + LEGACY
				+ "\": GET \"/orders/0\": denied by rule 'block-legacy'. Repeats are counted but not logged for PT5M.");
	}

	@Test
	void escapesWhatTheCallerControlsInTheLog(CapturedOutput output) {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, null);
		authorization.refusePeer(LEGACY, List.of(), "GET", path("/orders/\"forged\nWARN x"));
		assertThat(output).contains("GET \"/orders/\\\"forged\\u000aWARN x\"").doesNotContain("forged\nWARN");
	}

	@Test
	void anonymousDenyRefusesWith401AndListsTheCallerWithoutAPath() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, Anonymous.DENY);
		assertThat(authorization.servesAnonymous()).isFalse();
		assertThat(authorization.refuseAnonymous("10.0.0.7", "GET"))
			.isEqualTo("401 Unauthorized: a client certificate is required (mtls.authorization.anonymous=deny)\n");
		assertThat(authorization.counts().of("anonymous").count(Outcome.DENIED)).isOne();
		assertThat(callers(authorization)).singleElement()
			.satisfies((caller) -> assertThat(caller).containsEntry("address", "10.0.0.7")
				.containsEntry("path", "(not served)")
				.containsEntry("outcome", "denied"));
	}

	@Test
	void anonymousDenyInAuditModeServesAndCountsAsAudited() {
		RequestAuthorization authorization = authorization(Mode.AUDIT, Anonymous.DENY);
		assertThat(authorization.servesAnonymous()).isTrue();
		assertThat(authorization.refuseAnonymous("10.0.0.7", "GET")).isNull();
		authorization.anonymousServed("10.0.0.7", "GET", "/orders/{id}");
		assertThat(authorization.counts().of("anonymous").count(Outcome.AUDITED)).isOne();
	}

	@Test
	void anonymousAuditServesCountsAndListsCallersByPattern() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, Anonymous.AUDIT);
		assertThat(authorization.servesAnonymous()).isTrue();
		assertThat(authorization.refuseAnonymous("10.0.0.7", "GET")).isNull();
		authorization.anonymousServed("10.0.0.7", "GET", "/orders/{id}");
		this.clock.advance(Duration.ofMinutes(1));
		authorization.anonymousServed("10.0.0.7", "GET", "/orders/{id}");
		this.clock.advance(Duration.ofMinutes(1));
		authorization.anonymousServed(null, "BREW", null);
		assertThat(authorization.counts().of("anonymous").count(Outcome.AUDITED)).isEqualTo(3);
		List<Map<String, Object>> callers = callers(authorization);
		assertThat(callers).hasSize(2);
		assertThat(callers.get(1)).containsEntry("address", "10.0.0.7")
			.containsEntry("method", "GET")
			.containsEntry("path", "/orders/{id}")
			.containsEntry("count", 2L)
			.containsEntry("firstSeen", Instant.parse("2026-11-29T12:00:00Z"))
			.containsEntry("lastSeen", Instant.parse("2026-11-29T12:01:00Z"));
		assertThat(callers.get(0)).containsEntry("address", "unknown")
			.containsEntry("method", "OTHER")
			.containsEntry("path", "(unmatched)");
	}

	@Test
	void anonymousAllowServesAndCountsWithoutListing() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, Anonymous.ALLOW);
		assertThat(authorization.refuseAnonymous("10.0.0.7", "GET")).isNull();
		authorization.anonymousServed("10.0.0.7", "GET", "/orders/{id}");
		assertThat(authorization.counts().of("anonymous").count(Outcome.ALLOWED)).isOne();
		assertThat(callers(authorization)).isEmpty();
	}

	@Test
	void unsetAnonymousLeavesCallersWithoutAPeerToTheChain() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, null);
		assertThat(authorization.watchesAnonymous()).isFalse();
		assertThat(authorization.servesAnonymous()).isFalse();
		assertThat(authorization.refuseAnonymous("10.0.0.7", "GET")).isNull();
	}

	@Test
	void listsAtMostAHundredCallersAndCountsTheRestInOneEntry() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, Anonymous.AUDIT);
		for (int i = 0; i < 150; i++) {
			authorization.anonymousServed("10.0.%d.%d".formatted(i / 256, i % 256), "GET", "/whoami");
		}
		List<Map<String, Object>> callers = callers(authorization);
		assertThat(callers).hasSize(101);
		assertThat(callers).filteredOn((caller) -> "(more callers)".equals(caller.get("address")))
			.singleElement()
			.satisfies((more) -> assertThat(more).containsEntry("count", 50L));
	}

	@Test
	void describesRulesWithTheirHitCounts() {
		RequestAuthorization authorization = authorization(Mode.ENFORCE, Anonymous.AUDIT);
		authorization.refusePeer(LEGACY, List.of(), "GET", path("/orders/1"));
		Map<String, Object> description = authorization.describe();
		assertThat(description).containsEntry("mode", "enforce").containsEntry("anonymous", "audit");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rules = (List<Map<String, Object>>) description.get("rules");
		assertThat(rules).extracting((rule) -> rule.get("name"))
			.containsExactly("block-legacy", "reads", "watch-admins");
		assertThat(rules.get(0)).containsEntry("action", "deny")
			.containsEntry("peers", List.of(LEGACY))
			.containsEntry("hits", Map.of("allowed", 0L, "denied", 1L, "audited", 0L));
		assertThat(description).containsKeys("withoutRule", "anonymousCallers");
	}

	private RequestAuthorization authorization(Mode mode, Anonymous anonymous) {
		MtlsAuthorizationProperties properties = new MtlsAuthorizationProperties();
		properties.setMode(mode);
		properties.setAnonymous(anonymous);
		properties.getRules().add(rule("block-legacy", "deny", List.of(LEGACY), List.of(), List.of()));
		properties.getRules().add(rule("reads", "allow", List.of(), List.of("GET"), List.of("/orders/**")));
		MtlsAuthorizationProperties.Rule audit = rule("watch-admins", "audit", List.of(), List.of(), List.of());
		audit.setAuthorities(List.of("SCOPE_admin"));
		properties.getRules().add(audit);
		return new RequestAuthorization(properties, this.clock);
	}

	private static MtlsAuthorizationProperties.Rule rule(String name, String action, List<String> peers,
			List<String> methods, List<String> paths) {
		MtlsAuthorizationProperties.Rule rule = new MtlsAuthorizationProperties.Rule();
		rule.setName(name);
		rule.setAction(action);
		rule.setPeers(peers);
		rule.setMethods(methods);
		rule.setPaths(paths);
		return rule;
	}

	private static PathContainer path(String path) {
		return PathContainer.parsePath(path);
	}

	private static long lines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).count();
	}

	private static List<Map<String, Object>> callers(RequestAuthorization authorization) {
		return authorization.describe().get("anonymousCallers") instanceof List<?> list ? list.stream()
			.map((caller) -> (AnonymousCallers.Caller) caller)
			.map((caller) -> Map.<String, Object>of("address", caller.address(), "method", caller.method(), "path",
					caller.path(), "outcome", caller.outcome(), "count", caller.count(), "firstSeen",
					caller.firstSeen(), "lastSeen", caller.lastSeen()))
			.toList() : List.of();
	}

}
