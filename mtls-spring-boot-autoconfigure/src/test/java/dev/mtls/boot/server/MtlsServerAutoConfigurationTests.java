package dev.mtls.boot.server;

import java.nio.file.Path;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the server customizers apply, and what they set on a factory.
 */
class MtlsServerAutoConfigurationTests {

	private String[] properties;

	@BeforeEach
	void pki(@TempDir Path directory) {
		this.properties = new TestPki(directory).properties("app");
	}

	private WebApplicationContextRunner web() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsServerAutoConfiguration.class))
			.withPropertyValues(this.properties);
	}

	@Test
	void setsMtlsBundleAndClientAuthOnTheWebServer() {
		web().withPropertyValues("mtls.server.client-auth=want").run((context) -> {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
			context.getBean(MtlsWebServerFactoryCustomizer.class).customize(factory);
			context.getBean(MtlsTomcatWebServerFactoryCustomizer.class).customize(factory);
			assertThat(factory.getSsl().getBundle()).isEqualTo("mtls");
			assertThat(factory.getSsl().getClientAuth()).isEqualTo(Ssl.ClientAuth.WANT);
			assertThat(factory.getConnectorCustomizers()).hasAtLeastOneElementOfType(MtlsTomcatConnectorCustomizer.class);
		});
	}

	@Test
	void leavesTomcatFactoryWithAnotherBundleAlone() {
		web().run((context) -> {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
			factory.setSsl(Ssl.forBundle("management"));
			context.getBean(MtlsTomcatWebServerFactoryCustomizer.class).customize(factory);
			assertThat(factory.getConnectorCustomizers()).noneMatch(MtlsTomcatConnectorCustomizer.class::isInstance);
		});
	}

	@Test
	void backsOffWhenServerIsDisabled() {
		web().withPropertyValues("mtls.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MtlsWebServerFactoryCustomizer.class));
	}

	@Test
	void backsOffOutsideWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsServerAutoConfiguration.class))
			.withPropertyValues(this.properties)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MtlsWebServerFactoryCustomizer.class));
	}

	@Test
	void skipsTomcatCustomizerWithoutTomcat() {
		web().withClassLoader(new FilteredClassLoader(TomcatWebServerFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(MtlsWebServerFactoryCustomizer.class)
				.doesNotHaveBean(MtlsTomcatWebServerFactoryCustomizer.class));
	}

}
