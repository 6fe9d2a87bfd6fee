package dev.mtls.boot.authorization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.mtls.boot.core.ConfigurationProblem;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * The {@code mtls.authorization.rules}, compiled once, deciding whether a verified peer may make
 * a request: any matching deny rule refuses; then, if there are allow rules, one must match;
 * matching audit rules are reported either way. Deciding has no side effects (no logs, no
 * counts), so tools such as the doctor can ask "may this peer call this?" with
 * {@link #decide(String, Collection, String, String)}.
 *
 * @author mtls-spring-boot
 */
public final class AuthorizationRules {

	/**
	 * The rule name of a refusal because allow rules exist and none matched.
	 */
	public static final String NO_ALLOW_RULE = "no-allow-rule";

	/**
	 * The rule name of a request allowed because there are no allow rules and no deny rule matched.
	 */
	public static final String NONE = "none";

	private static final int MAX_CACHED_PEERS = 10_000;

	private final List<AuthorizationRule> rules;

	private final boolean hasAllowRules;

	// The deny rules without a peer part: the only ones callers without a certificate meet.
	private final List<AuthorizationRule> denyEveryone;

	// Which rules' peer part matches a peer: patterns and authorities are matched once per distinct peer.
	private final Map<Peer, boolean[]> peerMatches = new ConcurrentHashMap<>();

	private AuthorizationRules(List<AuthorizationRule> rules) {
		this.rules = rules;
		this.hasAllowRules = rules.stream().anyMatch((rule) -> rule.action() == AuthorizationRule.Action.ALLOW);
		this.denyEveryone = rules.stream().filter(AuthorizationRule::deniesEveryone).toList();
	}

	/**
	 * Compile the rules, failing startup with a failure analysis that names the rule and the
	 * field if one is invalid.
	 * @param properties the {@code mtls.authorization} properties
	 * @return the rules
	 */
	public static AuthorizationRules of(MtlsAuthorizationProperties properties) {
		List<AuthorizationRule> rules = new ArrayList<>();
		Map<String, Integer> names = new HashMap<>();
		List<MtlsAuthorizationProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			AuthorizationRule rule = AuthorizationRule.of(i, configured.get(i));
			Integer earlier = names.putIfAbsent(rule.name(), i);
			if (earlier != null) {
				throw ConfigurationProblem.of("mtls.authorization.rules[" + i + "].name", rule.name(),
						"rule '%s' is already defined as mtls.authorization.rules[%d].".formatted(rule.name(), earlier),
						"Give every rule a unique name: it identifies the rule in logs, metrics and 403 answers.");
			}
			if (NONE.equals(rule.name()) || NO_ALLOW_RULE.equals(rule.name()) || "anonymous".equals(rule.name())) {
				throw ConfigurationProblem.of("mtls.authorization.rules[" + i + "].name", rule.name(),
						"the name is reserved for decisions that no rule made.",
						"Choose another name than none, no-allow-rule or anonymous.");
			}
			rules.add(rule);
		}
		return new AuthorizationRules(List.copyOf(rules));
	}

	/**
	 * Decide whether a verified peer may make a request.
	 * @param principal the peer's principal name
	 * @param authorities the peer's authorities
	 * @param method the HTTP method
	 * @param path the path within the application, e.g. {@code /orders/42}
	 * @return the decision
	 */
	public Decision decide(String principal, Collection<String> authorities, String method, String path) {
		return decide(principal, authorities, method, PathContainer.parsePath(path));
	}

	Decision decide(String principal, Collection<String> authorities, String method, PathContainer path) {
		boolean[] peer = peerMatches(principal, authorities);
		String denied = null;
		String allowed = null;
		List<String> audited = List.of();
		for (int i = 0; i < peer.length; i++) {
			AuthorizationRule rule = this.rules.get(i);
			if (!peer[i] || !rule.matchesRequest(method, path)) {
				continue;
			}
			switch (rule.action()) {
				case DENY -> denied = (denied != null) ? denied : rule.name();
				case ALLOW -> allowed = (allowed != null) ? allowed : rule.name();
				case AUDIT -> {
					audited = new ArrayList<>(audited);
					audited.add(rule.name());
				}
			}
		}
		if (denied != null) {
			return new Decision(false, denied, List.copyOf(audited));
		}
		if (this.hasAllowRules) {
			return (allowed != null) ? new Decision(true, allowed, List.copyOf(audited))
					: new Decision(false, NO_ALLOW_RULE, List.copyOf(audited));
		}
		return new Decision(true, NONE, List.copyOf(audited));
	}

	/**
	 * Decide whether a caller without a verified peer is refused by a deny rule for everyone (one
	 * without peers and authorities) that matches the request.
	 * @param method the HTTP method
	 * @param path the path within the application, parsed only when such a rule exists
	 * @return the refusing rule's name, or {@code null}
	 */
	@Nullable String denyingAnonymous(String method, Supplier<PathContainer> path) {
		if (this.denyEveryone.isEmpty()) {
			return null;
		}
		PathContainer requested = path.get();
		for (AuthorizationRule rule : this.denyEveryone) {
			if (rule.matchesRequest(method, requested)) {
				return rule.name();
			}
		}
		return null;
	}

	List<AuthorizationRule> rules() {
		return this.rules;
	}

	private boolean[] peerMatches(String principal, Collection<String> authorities) {
		Peer key = new Peer(principal, List.copyOf(authorities));
		boolean[] matches = this.peerMatches.get(key);
		if (matches == null) {
			matches = new boolean[this.rules.size()];
			for (int i = 0; i < matches.length; i++) {
				matches[i] = this.rules.get(i).matchesPeer(principal, authorities);
			}
			if (this.peerMatches.size() >= MAX_CACHED_PEERS) {
				this.peerMatches.clear();
			}
			this.peerMatches.put(key, matches);
		}
		return matches;
	}

	/**
	 * What a rule's peer part depends on.
	 */
	private record Peer(String principal, List<String> authorities) {
	}

	/**
	 * What the rules decided about a request.
	 *
	 * @param allowed whether the request may proceed
	 * @param rule the deciding rule's name: the deny rule that refused, the first allow rule that
	 * matched, {@value #NO_ALLOW_RULE} or {@value #NONE}
	 * @param audited the names of the audit rules that matched
	 */
	public record Decision(boolean allowed, String rule, List<String> audited) {

		/**
		 * Describe the decision for people, e.g. {@code denied by rule 'legacy'}.
		 * @return the description
		 */
		public String reason() {
			if (NO_ALLOW_RULE.equals(this.rule)) {
				return "no allow rule matched";
			}
			if (NONE.equals(this.rule)) {
				return "allowed: no allow rules and no deny rule matched";
			}
			return (this.allowed ? "allowed by rule '" : "denied by rule '") + this.rule + "'";
		}

	}

}
