package dev.mtls.boot.core;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalyzedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Principal patterns match whole names: exact, {@code *} within a path segment, {@code **} across
 * segments; regular-expression characters in a name are literal; malformed patterns fail startup.
 */
class PrincipalPatternTests {

	@Test
	void exactPatternMatchesOnlyTheWholeName() {
		PrincipalPattern pattern = PrincipalPattern.of("p", "spiffe://shop.example/ns/prod/sa/orders");
		assertThat(pattern.matches("spiffe://shop.example/ns/prod/sa/orders")).isTrue();
		assertThat(pattern.matches("spiffe://shop.example/ns/prod/sa/orders2")).isFalse();
		assertThat(pattern.matches("xspiffe://shop.example/ns/prod/sa/orders")).isFalse();
	}

	@Test
	void singleStarStaysWithinASegmentAndDoubleStarCrossesThem() {
		PrincipalPattern one = PrincipalPattern.of("p", "spiffe://shop.example/ns/*/sa/orders");
		assertThat(one.matches("spiffe://shop.example/ns/prod/sa/orders")).isTrue();
		assertThat(one.matches("spiffe://shop.example/ns/a/b/sa/orders")).isFalse();
		PrincipalPattern two = PrincipalPattern.of("p", "spiffe://shop.example/**");
		assertThat(two.matches("spiffe://shop.example/ns/a/b/sa/orders")).isTrue();
		assertThat(two.matches("spiffe://other.example/ns/a")).isFalse();
	}

	@Test
	void regularExpressionCharactersAreLiteral() {
		PrincipalPattern pattern = PrincipalPattern.of("p", "CN=orders.shop(prod)+,O=[x]");
		assertThat(pattern.matches("CN=orders.shop(prod)+,O=[x]")).isTrue();
		assertThat(pattern.matches("CN=ordersXshopprodd,O=x")).isFalse();
	}

	@Test
	void malformedPatternsFailNamingTheProperty() {
		for (String malformed : new String[] { null, "", " ", "has space", "spiffe://a/***" }) {
			assertThat(PrincipalPattern.isWellFormed(malformed)).as(malformed).isFalse();
			assertThatExceptionOfType(FailureAnalyzedException.class)
				.isThrownBy(() -> PrincipalPattern.of("mtls.grants[0].peer", malformed))
				.withMessageStartingWith("Invalid mTLS configuration: mtls.grants[0].peer '")
				.withMessageContaining("the pattern is malformed");
		}
	}

}
