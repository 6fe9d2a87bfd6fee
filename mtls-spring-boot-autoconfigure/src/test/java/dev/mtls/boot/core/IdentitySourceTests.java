package dev.mtls.boot.core;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link IdentitySource} feeds the material through the same checks and swap as files: the only
 * source, validated at startup and on each change, refused changes keeping what is in service.
 */
class IdentitySourceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class));

	@TempDir
	Path directory;

	private TestPki pki;

	private PushingSource source;

	@BeforeEach
	void createPki() {
		this.pki = new TestPki(this.directory);
		this.source = new PushingSource(material(this.pki.server("first")));
	}

	@Test
	void servesTheSourcesMaterial() {
		this.runner.withBean(IdentitySource.class, () -> this.source).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(MtlsMaterial.class).identity().certificate())
				.isEqualTo(this.source.material.get().identity().certificate());
		});
	}

	@Test
	void namesTheSourceAndItsStateForHealthAndTheEndpoint() {
		this.runner.withBean(IdentitySource.class, () -> this.source).run((context) -> {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			assertThat(material.sourceName()).isEqualTo("test");
			assertThat(material.sourceState()).containsEntry("lastUpdate", "now");
		});
	}

	@Test
	void swapsInWhatTheSourcePushes() {
		this.runner.withBean(IdentitySource.class, () -> this.source).run((context) -> {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			Material next = material(this.pki.server("second"));
			this.source.push(next);
			assertThat(material.identity().certificate()).isEqualTo(next.identity().certificate());
			assertThat(material.lastReload().error()).isNull();
		});
	}

	@Test
	void keepsTheMaterialInServiceWhenAPushIsExpired() {
		this.runner.withBean(IdentitySource.class, () -> this.source).run((context) -> {
			MtlsMaterial material = context.getBean(MtlsMaterial.class);
			X509Certificate before = material.identity().certificate();
			this.source.push(material(this.pki.expiredClient("expired")));
			assertThat(material.identity().certificate()).isEqualTo(before);
			assertThat(material.lastReload().error()).contains("mtls.identity.test").contains("expired");
		});
	}

	@Test
	void failsStartupWhenTheFirstMaterialIsExpired() {
		this.runner.withBean(IdentitySource.class, () -> new PushingSource(material(this.pki.expiredClient("old"))))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(FailureAnalyzedException.class)
				.hasMessageContaining("mtls.identity.test")
				.hasMessageContaining("expired"));
	}

	@Test
	void failsStartupWhenFilesAreConfiguredBesideASource() {
		this.runner.withBean(IdentitySource.class, () -> this.source)
			.withPropertyValues(this.pki.properties("server"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(FailureAnalyzedException.class)
				.hasMessageContaining("identity is configured in more than one place: mtls.identity.certificate and mtls.identity.test"));
	}

	@Test
	void failsStartupWhenABundleIsConfiguredBesideFiles() {
		this.runner.withPropertyValues(this.pki.properties("server"))
			.withPropertyValues("mtls.bundle=other")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mtls.identity.certificate and mtls.bundle"));
	}

	private Material material(IssuedCertificate certificate) {
		return new Material(new Identity(certificate.chain(), certificate.privateKey()),
				new TrustSet(List.of(this.pki.root().certificate())));
	}

	static final class PushingSource implements IdentitySource {

		final AtomicReference<Material> material;

		private final List<Runnable> listeners = new ArrayList<>();

		PushingSource(Material initial) {
			this.material = new AtomicReference<>(initial);
		}

		void push(Material next) {
			this.material.set(next);
			this.listeners.forEach(Runnable::run);
		}

		@Override
		public String name() {
			return "test";
		}

		@Override
		public Material current() {
			return this.material.get();
		}

		@Override
		public void onChange(Runnable listener) {
			this.listeners.add(listener);
		}

		@Override
		public Map<String, Object> state() {
			return Map.of("lastUpdate", "now");
		}

	}

}
