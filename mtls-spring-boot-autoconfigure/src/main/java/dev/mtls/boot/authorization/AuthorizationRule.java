package dev.mtls.boot.authorization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.PrincipalPattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * One {@code mtls.authorization.rules} entry, validated and compiled at startup: the peer part
 * (principal patterns or authorities) and the request part (methods and path patterns).
 *
 * @author mtls-spring-boot
 */
record AuthorizationRule(String name, Action action, List<PrincipalPattern> peers, Set<String> authorities,
		Set<String> methods, List<PathPattern> paths) {

	static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

	private static final PathPatternParser CASE_INSENSITIVE = new PathPatternParser();

	static {
		CASE_INSENSITIVE.setCaseSensitive(false);
	}

	static AuthorizationRule of(int index, MtlsAuthorizationProperties.Rule rule) {
		String property = "mtls.authorization.rules[" + index + "]";
		String name = rule.getName();
		if (!StringUtils.hasText(name)) {
			throw ConfigurationProblem.of(property + ".name", (name != null) ? name : "", "the rule has no name.",
					"Name every rule; the name appears in logs, metrics, the mtls endpoint and 403 answers, "
							+ "e.g. name: orders-write.");
		}
		name = name.trim();
		String named = "rule '" + name + "'";
		Action action = Action.of(rule.getAction());
		if (action == null) {
			throw ConfigurationProblem.of(property + ".action", (rule.getAction() != null) ? rule.getAction() : "",
					named + " has " + ((rule.getAction() != null) ? "an unknown" : "no") + " action.",
					"Set action to allow, deny or audit.");
		}
		List<PrincipalPattern> peers = new ArrayList<>();
		for (String peer : rule.getPeers()) {
			if (!PrincipalPattern.isWellFormed(peer)) {
				throw ConfigurationProblem.of(property + ".peers", (peer != null) ? peer : "",
						named + " has a malformed principal pattern (empty, contains whitespace, or has more than "
								+ "two '*' in a row).",
						PrincipalPattern.SYNTAX);
			}
			peers.add(PrincipalPattern.of(property + ".peers", peer));
		}
		Set<String> authorities = new LinkedHashSet<>();
		for (String authority : rule.getAuthorities()) {
			if (!StringUtils.hasText(authority)) {
				throw ConfigurationProblem.of(property + ".authorities", rule.getAuthorities(),
						named + " lists an empty authority.", "List non-empty authorities, e.g. [SCOPE_orders:write].");
			}
			authorities.add(authority.trim());
		}
		Set<String> methods = new LinkedHashSet<>();
		for (String method : rule.getMethods()) {
			String upper = (method != null) ? method.trim().toUpperCase(Locale.ROOT) : "";
			if (!METHODS.contains(upper)) {
				throw ConfigurationProblem.of(property + ".methods", (method != null) ? method : "",
						named + " lists an unknown HTTP method.",
						"Use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE, or leave methods empty for any.");
			}
			methods.add(upper);
		}
		// Spring serves HEAD with the GET handler (it runs, headers and side effects included).
		if (methods.contains("GET")) {
			methods.add("HEAD");
		}
		// A deny rule matches every spelling of its paths, so that an application that routes
		// case-insensitively cannot be reached past it; it only ever refuses more.
		PathPatternParser parser = (action == Action.DENY) ? CASE_INSENSITIVE : PathPatternParser.defaultInstance;
		List<PathPattern> paths = new ArrayList<>();
		for (String path : rule.getPaths()) {
			paths.add(path(property + ".paths", named, path, parser));
		}
		return new AuthorizationRule(name, action, List.copyOf(peers), Set.copyOf(authorities), Set.copyOf(methods),
				List.copyOf(paths));
	}

	private static PathPattern path(String property, String named, String path, PathPatternParser parser) {
		String action = "Write a Spring PathPattern starting with '/', e.g. /orders/** or /orders/{id}.";
		if (path == null || !path.startsWith("/")) {
			throw ConfigurationProblem.of(property, (path != null) ? path : "",
					named + " has an invalid path pattern: it does not start with '/'.", action);
		}
		try {
			return parser.parse(path);
		}
		catch (PatternParseException ex) {
			throw ConfigurationProblem.of(property, path,
					named + " has an invalid path pattern: " + ex.toDetailedString().lines().findFirst().orElse("") + ".",
					action, ex);
		}
	}

	/**
	 * Whether the peer part matches: no peers and no authorities match every verified peer;
	 * otherwise a principal pattern or an authority must (when both are given, both must).
	 */
	boolean matchesPeer(String principal, Collection<String> peerAuthorities) {
		if (!this.peers.isEmpty() && this.peers.stream().noneMatch((peer) -> peer.matches(principal))) {
			return false;
		}
		return this.authorities.isEmpty() || peerAuthorities.stream().anyMatch(this.authorities::contains);
	}

	/**
	 * Whether this is a deny rule for every caller: no peers and no authorities. Such a rule
	 * refuses callers without a certificate too, as Istio's DENY without {@code from} does.
	 */
	boolean deniesEveryone() {
		return this.action == Action.DENY && this.peers.isEmpty() && this.authorities.isEmpty();
	}

	boolean matchesRequest(String method, PathContainer path) {
		if (!this.methods.isEmpty() && !this.methods.contains(method)) {
			return false;
		}
		if (this.paths.isEmpty()) {
			return true;
		}
		for (PathPattern pattern : this.paths) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a matching rule does.
	 */
	enum Action {

		ALLOW, DENY, AUDIT;

		static @Nullable Action of(@Nullable String value) {
			if (value == null) {
				return null;
			}
			for (Action action : values()) {
				if (action.tag().equals(value.trim().toLowerCase(Locale.ROOT))) {
					return action;
				}
			}
			return null;
		}

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
