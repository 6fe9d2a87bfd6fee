package dev.mtls.boot.security;

import java.util.List;

import dev.mtls.boot.core.MtlsProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Grant patterns: exact, {@code *} within one path segment, {@code **} across segments, and
 * malformed ones refused at startup.
 */
class GrantsTests {

	@Test
	void exactPatternMatchesOnlyThatPrincipal() {
		Grants grants = grants("spiffe://shop.example/ns/prod/sa/orders", "SCOPE_read");
		assertThat(authorities(grants, "spiffe://shop.example/ns/prod/sa/orders")).containsExactly("SCOPE_read");
		assertThat(authorities(grants, "spiffe://shop.example/ns/prod/sa/orders2")).isEmpty();
		assertThat(authorities(grants, "spiffe://shop.example/ns/prod/sa/order")).isEmpty();
	}

	@Test
	void singleStarStaysWithinASegment() {
		Grants grants = grants("spiffe://shop.example/ns/*/sa/orders", "SCOPE_read");
		assertThat(authorities(grants, "spiffe://shop.example/ns/prod/sa/orders")).containsExactly("SCOPE_read");
		assertThat(authorities(grants, "spiffe://shop.example/ns/a/b/sa/orders")).isEmpty();
	}

	@Test
	void doubleStarCrossesSegments() {
		Grants grants = grants("spiffe://shop.example/**", "SCOPE_read");
		assertThat(authorities(grants, "spiffe://shop.example/ns/a/b/sa/orders")).containsExactly("SCOPE_read");
		assertThat(authorities(grants, "spiffe://evil.example/ns/prod/sa/orders")).isEmpty();
	}

	@Test
	void regexCharactersAreLiteral() {
		Grants grants = grants("orders.shop.example", "SCOPE_read");
		assertThat(authorities(grants, "ordersXshopXexample")).isEmpty();
	}

	@Test
	void matchingGrantsAddUp() {
		MtlsProperties.Grant read = grant("spiffe://shop.example/**", "SCOPE_read");
		MtlsProperties.Grant write = grant("spiffe://shop.example/ns/prod/sa/*", "SCOPE_write", "SCOPE_read");
		Grants grants = Grants.of(List.of(read, write));
		assertThat(authorities(grants, "spiffe://shop.example/ns/prod/sa/orders")).containsExactly("SCOPE_read",
				"SCOPE_write");
	}

	@Test
	void refusesMalformedPatterns() {
		for (String malformed : new String[] { "", " ", "spiffe://a/***", "has space" }) {
			assertThatExceptionOfType(FailureAnalyzedException.class).isThrownBy(() -> grants(malformed, "SCOPE_read"))
				.withMessageContaining("mtls.grants[0].peer")
				.withMessageContaining("malformed");
		}
	}

	@Test
	void refusesGrantWithoutAuthorities() {
		assertThatExceptionOfType(FailureAnalyzedException.class)
			.isThrownBy(() -> Grants.of(List.of(grant("spiffe://a/b"))))
			.withMessageContaining("mtls.grants[0].authorities");
	}

	private static Grants grants(String peer, String... authorities) {
		return Grants.of(List.of(grant(peer, authorities)));
	}

	private static MtlsProperties.Grant grant(String peer, String... authorities) {
		MtlsProperties.Grant grant = new MtlsProperties.Grant();
		grant.setPeer(peer);
		grant.setAuthorities(List.of(authorities));
		return grant;
	}

	private static List<String> authorities(Grants grants, String principal) {
		return grants.authoritiesFor(principal).stream().map(GrantedAuthority::getAuthority).toList();
	}

}
