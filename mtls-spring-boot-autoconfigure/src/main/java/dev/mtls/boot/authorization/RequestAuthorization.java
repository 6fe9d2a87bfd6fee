package dev.mtls.boot.authorization;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.mtls.boot.authorization.AuthorizationRules.Decision;
import dev.mtls.boot.authorization.DecisionCounts.Outcome;
import dev.mtls.boot.authorization.MtlsAuthorizationProperties.Anonymous;
import dev.mtls.boot.authorization.MtlsAuthorizationProperties.Mode;
import dev.mtls.boot.core.LogText;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.security.core.GrantedAuthority;

/**
 * Applies {@code mtls.authorization} to requests on the application port, for the servlet and
 * reactive security filters: decides with the rules, counts and logs each decision, and refuses
 * unless the mode is {@code audit}; treats callers without a verified peer as
 * {@code mtls.authorization.anonymous} says and lists them. Not meant to be called by
 * applications: {@code MtlsHttpSecurity} and {@code MtlsServerHttpSecurity} add it to a chain.
 *
 * @author mtls-spring-boot
 */
public final class RequestAuthorization {

	private static final int MAX_LOGGED_PATH = 200;

	private static final String NOT_SERVED = "(not served)";

	private static final String UNMATCHED = "(unmatched)";

	private final MtlsAuthorizationProperties properties;

	private final AuthorizationRules rules;

	private final boolean enforce;

	private final @Nullable Anonymous anonymous;

	private final DecisionCounts counts;

	private final AnonymousCallers anonymousCallers = new AnonymousCallers();

	private final AuthorizationLog log;

	RequestAuthorization(MtlsAuthorizationProperties properties, Clock clock) {
		this.properties = properties;
		this.rules = AuthorizationRules.of(properties);
		this.enforce = properties.getMode() != Mode.AUDIT;
		this.anonymous = properties.getAnonymous();
		this.counts = new DecisionCounts(this.rules.rules().stream().map(AuthorizationRule::name).toList());
		this.log = new AuthorizationLog(clock, Duration.ofMinutes(5));
	}

	/**
	 * Decide about a verified peer's request, count and log the decision.
	 * @param principal the peer's principal name
	 * @param authorities the peer's authorities
	 * @param method the HTTP method
	 * @param path the path within the application
	 * @return the body of a 403 answer, or {@code null} if the request may proceed
	 */
	public @Nullable String refusePeer(String principal, Collection<? extends GrantedAuthority> authorities,
			String method, PathContainer path) {
		List<String> names = new ArrayList<>(authorities.size());
		for (GrantedAuthority authority : authorities) {
			names.add(authority.getAuthority());
		}
		Decision decision = this.rules.decide(principal, names, method, path);
		for (String audit : decision.audited()) {
			this.counts.count(audit, Outcome.AUDITED);
			this.log.warn(principal + '|' + audit, () -> "mTLS authorization: audit rule '%s' matched peer \"%s\": %s"
				.formatted(audit, LogText.escape(principal), request(method, path)));
		}
		if (decision.allowed()) {
			this.counts.count(decision.rule(), Outcome.ALLOWED);
			return null;
		}
		this.counts.count(decision.rule(), this.enforce ? Outcome.DENIED : Outcome.AUDITED);
		this.log.warn(principal + '|' + decision.rule(), () -> "mTLS authorization %s peer \"%s\": %s: %s."
			.formatted(this.enforce ? "refused" : "(mode audit) would refuse", LogText.escape(principal),
					request(method, path), decision.reason()));
		if (!this.enforce) {
			return null;
		}
		return "403 Forbidden: peer '%s' may not make this request: %s (mtls.authorization)\n".formatted(principal,
				decision.reason());
	}

	/**
	 * Count a verified peer's request that nothing was configured to decide ({@link #decides()} is
	 * {@code false}): allowed, as {@link #refusePeer} would have allowed it, without building the
	 * request's path for rules that do not exist.
	 */
	public void peerAllowedWithoutRules() {
		this.counts.count(AuthorizationRules.NONE, Outcome.ALLOWED);
	}

	/**
	 * Whether anything is configured to decide: rules, or {@code anonymous}.
	 * @return whether a chain without the starter's filter would miss decisions
	 */
	public boolean decides() {
		return !this.rules.rules().isEmpty() || this.anonymous != null;
	}

	/**
	 * Whether {@link #refuseAnonymous} and {@link #anonymousServed} need to be called:
	 * {@code mtls.authorization.anonymous} is set.
	 * @return whether anonymous callers are watched
	 */
	public boolean watchesAnonymous() {
		return this.anonymous != null;
	}

	/**
	 * Whether callers without a verified peer are served, so that a chain's own rules should let
	 * them through: {@code anonymous} is {@code audit} or {@code allow}, or {@code deny} in mode
	 * {@code audit}.
	 * @return whether anonymous callers are served
	 */
	public boolean servesAnonymous() {
		return this.anonymous == Anonymous.AUDIT || this.anonymous == Anonymous.ALLOW
				|| (this.anonymous == Anonymous.DENY && !this.enforce);
	}

	/**
	 * Decide about a request without a verified peer, before it is served.
	 * @param address the connection's remote address (never one from a header), or {@code null}
	 * @param method the HTTP method
	 * @return the body of a 401 answer, or {@code null} if the request may proceed
	 */
	public @Nullable String refuseAnonymous(@Nullable String address, String method) {
		if (this.anonymous != Anonymous.DENY || !this.enforce) {
			return null;
		}
		anonymous(Anonymous.DENY, address, method, NOT_SERVED, Outcome.DENIED);
		return "401 Unauthorized: a client certificate is required (mtls.authorization.anonymous=deny)\n";
	}

	/**
	 * Decide about a request without a verified peer that {@code anonymous} lets through: a deny
	 * rule for everyone (no peers, no authorities) that matches it still refuses it.
	 * @param address the connection's remote address (never one from a header), or {@code null}
	 * @param method the HTTP method
	 * @param path the path within the application, asked for only when a deny rule for everyone exists
	 * @return the body of a 403 answer, or {@code null} if the request may proceed
	 */
	public @Nullable String refuseAnonymousRequest(@Nullable String address, String method,
			Supplier<PathContainer> path) {
		String rule = this.rules.denyingAnonymous(method, path);
		if (rule == null) {
			return null;
		}
		this.counts.count(rule, this.enforce ? Outcome.DENIED : Outcome.AUDITED);
		String caller = (address != null) ? LogText.escape(address) : "unknown";
		this.log.warn("anonymous|" + caller + '|' + rule, () -> "mTLS authorization %s a caller without a client "
			.formatted(this.enforce ? "refused" : "(mode audit) would refuse") + "certificate from %s: %s: denied by rule '%s'."
				.formatted(caller, request(method, path.get()), rule));
		if (!this.enforce) {
			return null;
		}
		Anonymous anonymous = this.anonymous;
		if (anonymous != null) {
			anonymous(anonymous, address, method, NOT_SERVED, Outcome.DENIED);
		}
		return "403 Forbidden: a caller without a client certificate may not make this request: denied by rule '%s' (mtls.authorization)\n"
			.formatted(rule);
	}

	/**
	 * Record a request without a verified peer that was served.
	 * @param address the connection's remote address (never one from a header), or {@code null}
	 * @param method the HTTP method
	 * @param pattern the path pattern of the handler that served it, or {@code null}
	 */
	public void anonymousServed(@Nullable String address, String method, @Nullable String pattern) {
		Anonymous anonymous = this.anonymous;
		if (anonymous == null) {
			return;
		}
		if (anonymous == Anonymous.ALLOW) {
			this.counts.count(DecisionCounts.ANONYMOUS, Outcome.ALLOWED);
			return;
		}
		anonymous(anonymous, address, method, (pattern != null) ? pattern : UNMATCHED, Outcome.AUDITED);
	}

	private void anonymous(Anonymous anonymous, @Nullable String address, String method, String pattern,
			Outcome outcome) {
		this.counts.count(DecisionCounts.ANONYMOUS, outcome);
		String caller = (address != null) ? LogText.escape(address) : "unknown";
		String verb = AuthorizationRule.METHODS.contains(method) ? method : "OTHER";
		this.anonymousCallers.seen(caller, verb, LogText.escape(pattern), outcome, this.log.now());
		this.log.warn("anonymous|" + caller, () -> ("mTLS authorization %s a caller without a client certificate "
				+ "from %s: %s %s (mtls.authorization.anonymous=%s%s).").formatted(
						(outcome == Outcome.DENIED) ? "refused" : "served", caller, verb, LogText.escape(pattern),
						anonymous.name().toLowerCase(Locale.ROOT), this.enforce ? "" : ", mode audit"));
	}

	private static String request(String method, PathContainer path) {
		String value = path.value();
		if (value.length() > MAX_LOGGED_PATH) {
			value = value.substring(0, MAX_LOGGED_PATH) + "...";
		}
		return LogText.escape(method) + " \"" + LogText.escape(value) + '"';
	}

	/**
	 * Return the rules, for tools that decide without serving.
	 * @return the rules
	 */
	public AuthorizationRules rules() {
		return this.rules;
	}

	DecisionCounts counts() {
		return this.counts;
	}

	/**
	 * Describe the rules with their hit counts and the anonymous callers, for the mtls endpoint.
	 * @return the description
	 */
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("mode", this.properties.getMode().name().toLowerCase(Locale.ROOT));
		description.put("anonymous", (this.anonymous != null) ? this.anonymous.name().toLowerCase(Locale.ROOT) : null);
		List<Map<String, Object>> rules = new ArrayList<>();
		for (MtlsAuthorizationProperties.Rule rule : this.properties.getRules()) {
			Map<String, Object> described = new LinkedHashMap<>();
			// Names and actions were validated when the rules were compiled at startup.
			String name = Objects.requireNonNull(rule.getName(), "rule name").trim();
			described.put("name", name);
			AuthorizationRule.Action action = Objects.requireNonNull(AuthorizationRule.Action.of(rule.getAction()),
					"rule action");
			described.put("action", action.tag());
			described.put("peers", List.copyOf(rule.getPeers()));
			described.put("authorities", List.copyOf(rule.getAuthorities()));
			described.put("methods", List.copyOf(rule.getMethods()));
			described.put("paths", List.copyOf(rule.getPaths()));
			described.put("hits", this.counts.of(name).describe());
			rules.add(described);
		}
		description.put("rules", rules);
		Map<String, Object> others = new LinkedHashMap<>();
		for (String other : List.of(AuthorizationRules.NONE, AuthorizationRules.NO_ALLOW_RULE,
				DecisionCounts.ANONYMOUS)) {
			others.put(other, this.counts.of(other).describe());
		}
		description.put("withoutRule", others);
		description.put("anonymousCallers", this.anonymousCallers.recent());
		return description;
	}

}
