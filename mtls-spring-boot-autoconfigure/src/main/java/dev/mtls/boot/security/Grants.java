package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.core.PrincipalPattern;

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
			if (rule.pattern().matches(principal)) {
				authorities.addAll(rule.authorities());
			}
		}
		return List.copyOf(authorities);
	}

	private record Rule(PrincipalPattern pattern, List<GrantedAuthority> authorities) {

		static Rule of(String property, MtlsProperties.Grant grant) {
			String peer = grant.getPeer();
			// A missing peer is refused as the empty pattern is.
			PrincipalPattern pattern = PrincipalPattern.of(property + ".peer", (peer != null) ? peer : "");
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
			return new Rule(pattern, List.copyOf(authorities));
		}

	}

}
