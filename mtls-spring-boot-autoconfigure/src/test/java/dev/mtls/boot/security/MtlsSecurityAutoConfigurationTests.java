package dev.mtls.boot.security;

import java.nio.file.Path;

import dev.mtls.boot.authorization.MtlsAuthorizationAutoConfiguration;
import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default chains, their back-off when the application brings its own, and no generated
 * password user.
 */
@ExtendWith(OutputCaptureExtension.class)
class MtlsSecurityAutoConfigurationTests {

	private static final String[] RULE = { "mtls.authorization.rules[0].name=no-admin",
			"mtls.authorization.rules[0].action=deny", "mtls.authorization.rules[0].paths=/admin/**" };

	private String[] properties;

	@BeforeEach
	void pki(@TempDir Path directory) {
		this.properties = new TestPki(directory).properties("app");
	}

	private WebApplicationContextRunner servlet() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsServletSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					UserDetailsServiceAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
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
	void servletDefaultChainReplacesBootsAndNoUserIsGenerated() {
		servlet().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("mtlsSecurityFilterChain");
			assertThat(context).doesNotHaveBean(UserDetailsService.class).hasSingleBean(MtlsHttpSecurity.class);
		});
	}

	@Test
	void servletDefaultChainBacksOffForApplicationChain() {
		servlet().withUserConfiguration(OwnServletChain.class).run((context) -> {
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("own");
			assertThat(context).hasSingleBean(MtlsHttpSecurity.class);
		});
	}

	@Test
	void reactiveDefaultChainReplacesBootsAndNoUserIsGenerated() {
		reactive().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(SecurityWebFilterChain.class))
				.containsOnlyKeys("mtlsSecurityWebFilterChain");
			assertThat(context).doesNotHaveBean(ReactiveUserDetailsService.class)
				.hasSingleBean(MtlsServerHttpSecurity.class);
		});
	}

	@Test
	void reactiveDefaultChainBacksOffForApplicationChain() {
		reactive().withUserConfiguration(OwnReactiveChain.class)
			.run((context) -> assertThat(context.getBeansOfType(SecurityWebFilterChain.class)).containsOnlyKeys("own"));
	}

	@Test
	void verifyingForwardedCertificatesWithoutATrustSetFailsStartup() {
		String[] withoutTrust = java.util.Arrays.stream(this.properties)
			.filter((property) -> !property.startsWith("mtls.trust."))
			.toArray(String[]::new);
		String[] proxy = { "mtls.proxy.enabled=true", "mtls.proxy.trusted-proxies=10.0.0.0/8" };
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsServletSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withPropertyValues(withoutTrust)
			.withPropertyValues(proxy)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mtls.proxy.verify 'true': no trust set is configured (mtls.trust.certificates)"));
		servlet().withPropertyValues(proxy).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void backsOffWhenMtlsIsDisabled() {
		servlet().withPropertyValues("mtls.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsHttpSecurity.class)
				.doesNotHaveBean("mtlsSecurityFilterChain"));
	}

	@Test
	void servletChainBuiltWithoutTheConfigurerIsWarnedAboutWhenRulesAreSet(CapturedOutput output) {
		servlet().withConfiguration(AutoConfigurations.of(MtlsAuthorizationAutoConfiguration.class))
			.withUserConfiguration(OwnServletChain.class, BareServletChain.class)
			.withPropertyValues(RULE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Security filter chain 'bare' was built without MtlsHttpSecurity.configure(http)")
					.doesNotContain("chain 'own'");
			});
	}

	@Test
	void reactiveChainBuiltWithoutTheConfigurerIsWarnedAboutWhenRulesAreSet(CapturedOutput output) {
		reactive().withConfiguration(AutoConfigurations.of(MtlsAuthorizationAutoConfiguration.class))
			.withUserConfiguration(OwnReactiveChain.class, BareReactiveChain.class)
			.withPropertyValues(RULE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output)
					.contains("Security filter chain 'bare' was built without MtlsServerHttpSecurity.configure(http)")
					.doesNotContain("chain 'own'");
			});
	}

	@Test
	void chainsWithoutTheConfigurerAreNotWarnedAboutWithoutRules(CapturedOutput output) {
		servlet().withConfiguration(AutoConfigurations.of(MtlsAuthorizationAutoConfiguration.class))
			.withUserConfiguration(BareServletChain.class)
			.run((context) -> assertThat(output).doesNotContain("was built without"));
	}

	@Configuration(proxyBeanMethods = false)
	static class BareServletChain {

		@Bean
		@Order(1)
		SecurityFilterChain bare(HttpSecurity http) {
			return http.securityMatcher("/legacy/**").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BareReactiveChain {

		@Bean
		@Order(1)
		SecurityWebFilterChain bare(ServerHttpSecurity http) {
			return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/legacy/**")).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnServletChain {

		@Bean
		SecurityFilterChain own(HttpSecurity http, MtlsHttpSecurity mtls) {
			return mtls.configure(http).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReactiveChain {

		@Bean
		SecurityWebFilterChain own(ServerHttpSecurity http, MtlsServerHttpSecurity mtls) {
			return mtls.configure(http).build();
		}

	}

}
