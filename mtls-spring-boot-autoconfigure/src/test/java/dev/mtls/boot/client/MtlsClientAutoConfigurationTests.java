package dev.mtls.boot.client;

import java.nio.file.Path;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the client customizers apply and when they back off.
 */
class MtlsClientAutoConfigurationTests {

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					HttpClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
					MtlsClientAutoConfiguration.class))
			.withPropertyValues(new TestPki(directory).properties("app"));
	}

	@Test
	void customizesRestClientRestTemplateAndWebClientBuilders() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MtlsRestClientCustomizer.class)
				.hasSingleBean(MtlsWebClientCustomizer.class)
				.hasSingleBean(MtlsRestTemplateBuilderPostProcessor.class);
			assertThat(context.getBean(RestTemplateBuilder.class)).extracting("clientSettings.sslBundle")
				.isNotNull();
		});
	}

	@Test
	void backsOffWhenClientIsDisabled() {
		this.runner.withPropertyValues("mtls.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsRestClientCustomizer.class)
				.doesNotHaveBean(MtlsWebClientCustomizer.class)
				.doesNotHaveBean(MtlsRestTemplateBuilderPostProcessor.class));
	}

	@Test
	void backsOffWhenMtlsIsDisabled() {
		this.runner.withPropertyValues("mtls.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MtlsRestClientCustomizer.class));
	}

	@Test
	void skipsWebClientWithoutWebFlux() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClientCustomizer.class))
			.run((context) -> assertThat(context).hasSingleBean(MtlsRestClientCustomizer.class)
				.doesNotHaveBean(MtlsWebClientCustomizer.class));
	}

}
