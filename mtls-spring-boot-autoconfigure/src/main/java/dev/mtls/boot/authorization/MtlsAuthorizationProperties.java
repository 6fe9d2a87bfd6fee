package dev.mtls.boot.authorization;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of who may call what on the application port, in the manner of Istio's
 * {@code AuthorizationPolicy}: deny rules first, then at least one allow rule must match if any
 * exist; audit rules only log and count.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.authorization")
public class MtlsAuthorizationProperties {

	/**
	 * Whether rule decisions are enforced ('enforce') or only logged and counted ('audit'),
	 * to try rules out before they refuse anyone.
	 */
	private Mode mode = Mode.ENFORCE;

	/**
	 * How requests without a verified peer (client-auth 'want', no certificate) are treated on
	 * the application port: 'deny' (401), 'audit' (served, counted and listed in the mtls
	 * endpoint) or 'allow' (served). When not set, the starter's own security chain refuses them
	 * and an application's own chain decides with its authorization rules.
	 */
	private @Nullable Anonymous anonymous;

	/**
	 * Authorization rules for verified peers. Each has 'name' (required, unique), 'action' (allow,
	 * deny or audit), and any of 'peers' (principal patterns as in mtls.grants), 'authorities'
	 * (any of these, from mtls.grants), 'methods' (e.g. GET, POST) and 'paths' (Spring
	 * PathPattern, e.g. /orders/**). A rule matches when every field it gives matches (any entry
	 * of a field); one without peers and authorities matches every verified peer.
	 */
	private List<Rule> rules = new ArrayList<>();

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public @Nullable Anonymous getAnonymous() {
		return this.anonymous;
	}

	public void setAnonymous(@Nullable Anonymous anonymous) {
		this.anonymous = anonymous;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * Whether decisions refuse requests.
	 */
	public enum Mode {

		/**
		 * Refuse what the rules deny.
		 */
		ENFORCE,

		/**
		 * Decide, log and count, but refuse nothing.
		 */
		AUDIT

	}

	/**
	 * What happens to requests without a verified peer.
	 */
	public enum Anonymous {

		/**
		 * Refuse them with 401.
		 */
		DENY,

		/**
		 * Serve them, count them and list their callers in the mtls endpoint.
		 */
		AUDIT,

		/**
		 * Serve them.
		 */
		ALLOW

	}

	/**
	 * An authorization rule.
	 */
	public static class Rule {

		/**
		 * Name of the rule, shown in logs, metrics, the mtls endpoint and 403 answers.
		 */
		private @Nullable String name;

		/**
		 * What a match does: 'allow', 'deny' or 'audit'.
		 */
		private @Nullable String action;

		/**
		 * Principal patterns, exact or globs as in mtls.grants; empty matches any peer.
		 */
		private List<String> peers = new ArrayList<>();

		/**
		 * Authorities (from mtls.grants), any of which the peer must have; empty matches any peer.
		 */
		private List<String> authorities = new ArrayList<>();

		/**
		 * HTTP methods; empty matches any method.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Path patterns (Spring PathPattern syntax); empty matches any path.
		 */
		private List<String> paths = new ArrayList<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getAction() {
			return this.action;
		}

		public void setAction(@Nullable String action) {
			this.action = action;
		}

		public List<String> getPeers() {
			return this.peers;
		}

		public void setPeers(List<String> peers) {
			this.peers = peers;
		}

		public List<String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(List<String> authorities) {
			this.authorities = authorities;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

	}

}
