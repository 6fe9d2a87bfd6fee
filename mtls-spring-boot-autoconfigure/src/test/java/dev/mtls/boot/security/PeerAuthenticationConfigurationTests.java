package dev.mtls.boot.security;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.x509.SubjectDnX509PrincipalExtractor;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How peers are named and what they are granted: from {@code mtls.principal} and
 * {@code mtls.grants}, or by the application's own {@link X509PrincipalExtractor} and
 * {@link PeerGrantResolver} beans, on servlet and reactive applications alike.
 */
class PeerAuthenticationConfigurationTests {

	private TestPki pki;

	private String[] properties;

	private X509Certificate[] orders;

	@BeforeEach
	void pki(@TempDir Path directory) {
		this.pki = new TestPki(directory);
		this.properties = this.pki.properties("app");
		this.orders = new X509Certificate[] { this.pki.client("orders").certificate() };
	}

	private WebApplicationContextRunner servlet() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsServletSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withPropertyValues(this.properties);
	}

	private ReactiveWebApplicationContextRunner reactive() {
		return new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsReactiveSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
					ReactiveWebSecurityAutoConfiguration.class))
			.withPropertyValues(this.properties);
	}

	@Test
	void namesAndGrantsPeersByTheSettingsByDefault() {
		servlet().withPropertyValues("mtls.grants[0].peer=spiffe://" + TestPki.TRUST_DOMAIN + "/**",
				"mtls.grants[0].authorities=SCOPE_read")
			.run((context) -> {
				assertThat(context).getBean(X509PrincipalExtractor.class).isInstanceOf(PrincipalModeExtractor.class);
				assertThat(context).getBean(PeerGrantResolver.class).isInstanceOf(Grants.class);
				assertAuthenticated(context, TestPki.spiffeId("orders"), "SCOPE_read");
			});
	}

	@Test
	void servletApplicationsOwnExtractorAndResolverReplaceTheSettings() {
		servlet().withUserConfiguration(OwnPeerDecisions.class).run(this::assertOwnDecisions);
	}

	@Test
	void reactiveApplicationsOwnExtractorAndResolverReplaceTheSettings() {
		reactive().withUserConfiguration(OwnPeerDecisions.class).run(this::assertOwnDecisions);
	}

	@Test
	void anOwnExtractorAloneKeepsTheGrantsFromTheSettings() {
		servlet().withBean(X509PrincipalExtractor.class, SubjectDnX509PrincipalExtractor::new)
			.withPropertyValues("mtls.grants[0].peer=orders", "mtls.grants[0].authorities=SCOPE_read")
			.run((context) -> {
				assertThat(context).getBean(PeerGrantResolver.class).isInstanceOf(Grants.class);
				assertAuthenticated(context, "orders", "SCOPE_read");
			});
	}

	@Test
	void grantsBesideTheApplicationsOwnResolverFailStartup() {
		servlet().withUserConfiguration(OwnPeerDecisions.class)
			.withPropertyValues("mtls.grants[0].peer=orders", "mtls.grants[0].authorities=SCOPE_read")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (!(failure instanceof FailureAnalyzedException)) {
					failure = failure.getCause();
				}
				assertThat(failure).hasMessageContaining("mtls.grants is set, but the application's PeerGrantResolver "
						+ "bean (" + CountingResolver.class.getName() + ") decides what peers are granted");
			});
	}

	@Test
	void checksPeersAtTheApplicationsClock() {
		MutableClock clock = new MutableClock(Instant.now());
		servlet().withBean(Clock.class, () -> clock).run((context) -> {
			PeerAuthenticator authenticator = context.getBean(PeerAuthenticator.class);
			assertThat(authenticator.authenticate(this.orders).getName()).isEqualTo(TestPki.spiffeId("orders"));
			clock.set(this.orders[0].getNotAfter().toInstant().plus(Duration.ofDays(1)));
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> authenticator.authenticate(this.orders))
				.withMessageContaining("CN=orders in the client's chain is valid only from");
		});
	}

	private <C extends ApplicationContextAssertProvider<? extends ApplicationContext>> void assertOwnDecisions(C context) {
		assertThat(context).getBean(X509PrincipalExtractor.class).isInstanceOf(SubjectDnX509PrincipalExtractor.class);
		assertThat(context).getBean(PeerGrantResolver.class).isInstanceOf(CountingResolver.class);
		assertThat(context.getBeansOfType(X509PrincipalExtractor.class)).hasSize(1);
		assertThat(context.getBeansOfType(PeerGrantResolver.class)).hasSize(1);
		assertAuthenticated(context, "orders", "SCOPE_orders");
		assertAuthenticated(context, "orders", "SCOPE_orders");
		assertThat(context.getBean(CountingResolver.class).asked).hasValue(1);
	}

	private void assertAuthenticated(ApplicationContext context, String principal, String... authorities) {
		PeerAuthentication authentication = context.getBean(PeerAuthenticator.class).authenticate(this.orders);
		assertThat(authentication.getName()).isEqualTo(principal);
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly(authorities);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPeerDecisions {

		@Bean
		SubjectDnX509PrincipalExtractor commonName() {
			return new SubjectDnX509PrincipalExtractor();
		}

		@Bean
		CountingResolver scopeByName() {
			return new CountingResolver();
		}

	}

	static class CountingResolver implements PeerGrantResolver {

		final AtomicInteger asked = new AtomicInteger();

		@Override
		public List<GrantedAuthority> resolve(String principal, X509Certificate certificate) {
			this.asked.incrementAndGet();
			return List.of(new SimpleGrantedAuthority("SCOPE_" + principal));
		}

	}

}
