package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.MtlsProperties;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.StringUtils;

/**
 * The {@code mtls.grants} rules, compiled once: a peer gets the union of the authorities of every
 * rule whose pattern matches its whole principal name. The default {@link PeerGrantResolver}.
 *
 * @author mtls-spring-boot
 */
final class Grants implements PeerGrantResolver {

	private final List<Rule> rules;

	private Grants(List<Rule> rules) {
		this.rules = rules;
	}

	static Grants of(List<MtlsProperties.Grant> grants) {
		List<Rule> rules = new ArrayList<>();
		for (int i = 0; i < grants.size(); i++) {
			rules.add(Rule.of("mtls.grants[" + i + "]", grants.get(i)));
		}
		return new Grants(List.copyOf(rules));
	}

	@Override
	public List<GrantedAuthority> resolve(String principal, X509Certificate certificate) {
		return authoritiesFor(principal);
	}

	List<GrantedAuthority> authoritiesFor(String principal) {
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		for (Rule rule : this.rules) {
			if (rule.pattern().matcher(principal).matches()) {
				authorities.addAll(rule.authorities());
			}
		}
		return List.copyOf(authorities);
	}

	private record Rule(Pattern pattern, List<GrantedAuthority> authorities) {

		static Rule of(String property, MtlsProperties.Grant grant) {
			String peer = grant.getPeer();
			if (!StringUtils.hasText(peer) || StringUtils.containsWhitespace(peer) || peer.contains("***")) {
				throw ConfigurationProblem.of(property + ".peer", (peer != null) ? peer : "",
						"the pattern is malformed (empty, contains whitespace, or has more than two '*' in a row).",
						"Use an exact principal or a glob: '*' matches any characters except '/', '**' matches any characters, "
								+ "e.g. spiffe://shop.example/ns/prod/sa/* or spiffe://shop.example/**.");
			}
			List<GrantedAuthority> authorities = new ArrayList<>();
			for (String authority : grant.getAuthorities()) {
				if (!StringUtils.hasText(authority)) {
					throw ConfigurationProblem.of(property + ".authorities", grant.getAuthorities(),
							"an authority is empty.", "List non-empty authorities, e.g. [SCOPE_inventory:read].");
				}
				authorities.add(new SimpleGrantedAuthority(authority.trim()));
			}
			if (authorities.isEmpty()) {
				throw ConfigurationProblem.of(property + ".authorities", "[]",
						"the grant for '%s' lists no authorities.".formatted(peer),
						"List the authorities to grant, e.g. authorities: [SCOPE_inventory:read], or remove the grant.");
			}
			return new Rule(compile(peer), List.copyOf(authorities));
		}

		private static Pattern compile(String glob) {
			StringBuilder regex = new StringBuilder();
			int literalStart = 0;
			for (int i = 0; i < glob.length(); i++) {
				if (glob.charAt(i) == '*') {
					regex.append(Pattern.quote(glob.substring(literalStart, i)));
					boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
					regex.append(doubleStar ? ".*" : "[^/]*");
					i += doubleStar ? 1 : 0;
					literalStart = i + 1;
				}
			}
			regex.append(Pattern.quote(glob.substring(literalStart)));
			return Pattern.compile(regex.toString(), Pattern.DOTALL);
		}

	}

}
