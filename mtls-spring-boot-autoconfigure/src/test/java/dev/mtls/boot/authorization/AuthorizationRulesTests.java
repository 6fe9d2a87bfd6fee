package dev.mtls.boot.authorization;

import java.util.List;

import dev.mtls.boot.authorization.AuthorizationRules.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules decide as Istio's AuthorizationPolicy does: deny first, then one allow rule must match if
 * any exist, audit rules only reported; within a rule every given field must match, within a field
 * any entry.
 */
class AuthorizationRulesTests {

	private static final String ORDERS = "spiffe://shop.example/ns/prod/sa/orders";

	private static final String LEGACY = "spiffe://shop.example/ns/prod/sa/legacy";

	@Test
	void allowsEverythingWithoutRules() {
		Decision decision = rules().decide(ORDERS, List.of(), "DELETE", "/anything");
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.rule()).isEqualTo("none");
	}

	@Test
	void allowsWhenNoDenyRuleMatchesAndThereAreNoAllowRules() {
		AuthorizationRules rules = rules(rule("block-legacy", "deny").peers(LEGACY));
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/orders").rule()).isEqualTo("none");
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/orders").allowed()).isTrue();
		assertThat(rules.decide(LEGACY, List.of(), "GET", "/orders").allowed()).isFalse();
		assertThat(rules.decide(LEGACY, List.of(), "GET", "/orders").reason()).isEqualTo("denied by rule 'block-legacy'");
	}

	@Test
	void refusesWhatNoAllowRuleMatchesOnceOneExists() {
		AuthorizationRules rules = rules(rule("orders-write", "allow").peers(ORDERS).methods("POST").paths("/orders/**"));
		Decision allowed = rules.decide(ORDERS, List.of(), "POST", "/orders/42");
		assertThat(allowed.allowed()).isTrue();
		assertThat(allowed.reason()).isEqualTo("allowed by rule 'orders-write'");
		for (Decision refused : List.of(rules.decide(LEGACY, List.of(), "POST", "/orders/42"),
				rules.decide(ORDERS, List.of(), "GET", "/orders/42"), rules.decide(ORDERS, List.of(), "POST", "/admin"))) {
			assertThat(refused.allowed()).isFalse();
			assertThat(refused.rule()).isEqualTo("no-allow-rule");
			assertThat(refused.reason()).isEqualTo("no allow rule matched");
		}
	}

	@Test
	void denyRulesWinOverAllowRulesWhateverTheirOrder() {
		AuthorizationRules rules = rules(rule("everyone", "allow"), rule("no-deletes", "deny").methods("DELETE"));
		assertThat(rules.decide(ORDERS, List.of(), "DELETE", "/orders/1").rule()).isEqualTo("no-deletes");
		assertThat(rules.decide(ORDERS, List.of(), "DELETE", "/orders/1").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/orders/1").rule()).isEqualTo("everyone");
	}

	@Test
	void auditRulesAreReportedAndDecideNothing() {
		AuthorizationRules rules = rules(rule("watch-writes", "audit").methods("POST", "PUT"),
				rule("watch-orders", "audit").paths("/orders/**"));
		Decision decision = rules.decide(ORDERS, List.of(), "POST", "/orders/1");
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.rule()).isEqualTo("none");
		assertThat(decision.audited()).containsExactly("watch-writes", "watch-orders");
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/stock").audited()).isEmpty();
	}

	@Test
	void peersUseTheGrantsGlobSyntax() {
		AuthorizationRules rules = rules(rule("prod", "allow").peers("spiffe://shop.example/ns/prod/sa/*"),
				rule("any-namespace-billing", "allow").peers("spiffe://shop.example/**/billing"));
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/").rule()).isEqualTo("prod");
		assertThat(rules.decide("spiffe://shop.example/ns/dev/sa/billing", List.of(), "GET", "/").rule())
			.isEqualTo("any-namespace-billing");
		// '*' stops at '/': a deeper name is not in the namespace's service accounts.
		assertThat(rules.decide("spiffe://shop.example/ns/prod/sa/orders/extra", List.of(), "GET", "/").allowed())
			.isFalse();
		// The whole name must match.
		assertThat(rules.decide("x" + ORDERS, List.of(), "GET", "/").allowed()).isFalse();
	}

	@Test
	void authoritiesMatchAnyOfThePeersAuthorities() {
		AuthorizationRules rules = rules(rule("writers", "allow").authorities("SCOPE_orders:write", "SCOPE_admin"));
		assertThat(rules.decide(LEGACY, List.of("SCOPE_read", "SCOPE_admin"), "GET", "/").allowed()).isTrue();
		assertThat(rules.decide(LEGACY, List.of("SCOPE_read"), "GET", "/").allowed()).isFalse();
		assertThat(rules.decide(LEGACY, List.of(), "GET", "/").allowed()).isFalse();
	}

	@Test
	void everyGivenFieldOfARuleMustMatch() {
		AuthorizationRules rules = rules(
				rule("both", "allow").peers(ORDERS).authorities("SCOPE_write").methods("PUT").paths("/orders/{id}"));
		assertThat(rules.decide(ORDERS, List.of("SCOPE_write"), "PUT", "/orders/7").allowed()).isTrue();
		assertThat(rules.decide(ORDERS, List.of(), "PUT", "/orders/7").allowed()).isFalse();
		assertThat(rules.decide(LEGACY, List.of("SCOPE_write"), "PUT", "/orders/7").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of("SCOPE_write"), "PATCH", "/orders/7").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of("SCOPE_write"), "PUT", "/orders/7/lines").allowed()).isFalse();
	}

	@Test
	void aRuleWithoutPeersOrAuthoritiesMatchesEveryPeer() {
		AuthorizationRules rules = rules(rule("health", "allow").methods("GET").paths("/status", "/info/**"));
		assertThat(rules.decide(LEGACY, List.of(), "GET", "/status").allowed()).isTrue();
		assertThat(rules.decide(ORDERS, List.of("x"), "GET", "/info/build").allowed()).isTrue();
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/orders").allowed()).isFalse();
	}

	@Test
	void methodsAreMatchedWhateverTheCaseTheyWereConfiguredIn() {
		AuthorizationRules rules = rules(rule("reads", "allow").methods("get"));
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/").allowed()).isTrue();
		assertThat(rules.decide(ORDERS, List.of(), "POST", "/").allowed()).isFalse();
	}

	@Test
	void getCoversHeadSinceSpringServesHeadWithTheGetHandler() {
		AuthorizationRules rules = rules(rule("no-reads", "deny").methods("GET").paths("/admin"));
		assertThat(rules.decide(ORDERS, List.of(), "HEAD", "/admin").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of(), "POST", "/admin").allowed()).isTrue();
	}

	@Test
	void denyRulesMatchEveryCaseOfTheirPathsAndAllowRulesOnlyTheirOwn() {
		AuthorizationRules rules = rules(rule("no-admin", "deny").paths("/admin/**"),
				rule("orders", "allow").paths("/orders/**"));
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/ADMIN/users").rule()).isEqualTo("no-admin");
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/ORDERS/1").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/orders/1").allowed()).isTrue();
	}

	@Test
	void pathsMatchDecodedSegmentsAsSpringMvcDoes() {
		AuthorizationRules rules = rules(rule("no-admin", "deny").paths("/admin/**"));
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/admin").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/%61dmin/users").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of(), "GET", "/administrator").allowed()).isTrue();
	}

	@Test
	void aPeersMatchesAreRememberedPerPrincipalAndAuthorities() {
		AuthorizationRules rules = rules(rule("writers", "allow").authorities("SCOPE_write"));
		assertThat(rules.decide(ORDERS, List.of("SCOPE_write"), "GET", "/").allowed()).isTrue();
		// Same principal, other authorities (e.g. after grants changed): decided anew, not from the first answer.
		assertThat(rules.decide(ORDERS, List.of("SCOPE_read"), "GET", "/").allowed()).isFalse();
		assertThat(rules.decide(ORDERS, List.of("SCOPE_write"), "GET", "/").allowed()).isTrue();
	}

	static AuthorizationRules rules(RuleBuilder... rules) {
		MtlsAuthorizationProperties properties = new MtlsAuthorizationProperties();
		for (RuleBuilder rule : rules) {
			properties.getRules().add(rule.rule);
		}
		return AuthorizationRules.of(properties);
	}

	static RuleBuilder rule(String name, String action) {
		return new RuleBuilder(name, action);
	}

	static final class RuleBuilder {

		private final MtlsAuthorizationProperties.Rule rule = new MtlsAuthorizationProperties.Rule();

		RuleBuilder(String name, String action) {
			this.rule.setName(name);
			this.rule.setAction(action);
		}

		RuleBuilder peers(String... peers) {
			this.rule.setPeers(List.of(peers));
			return this;
		}

		RuleBuilder authorities(String... authorities) {
			this.rule.setAuthorities(List.of(authorities));
			return this;
		}

		RuleBuilder methods(String... methods) {
			this.rule.setMethods(List.of(methods));
			return this;
		}

		RuleBuilder paths(String... paths) {
			this.rule.setPaths(List.of(paths));
			return this;
		}

	}

}
