package dev.mtls.boot.reload;

import java.nio.file.Path;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the material watcher runs.
 */
class MtlsReloadAutoConfigurationTests {

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner(@TempDir Path directory) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsReloadAutoConfiguration.class))
			.withPropertyValues(new TestPki(directory).properties("app"));
	}

	@Test
	void watchesFileBasedMaterial() {
		this.runner.run((context) -> assertThat(context.getBean(MaterialWatcher.class).isRunning()).isTrue());
	}

	@Test
	void backsOffWhenReloadIsDisabled() {
		this.runner.withPropertyValues("mtls.reload.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MaterialWatcher.class));
	}

	@Test
	void backsOffWhenMtlsIsDisabled() {
		this.runner.withPropertyValues("mtls.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MaterialWatcher.class));
	}

}
