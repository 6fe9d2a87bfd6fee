package dev.mtls.boot.server;

import java.nio.file.Path;

import dev.mtls.boot.testing.PeerApplication;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Server settings that cannot work fail a real startup with a failure analysis.
 */
class MtlsServerStartupTests {

	@Test
	void failsWhenClientAuthNeedHasNoTrustSet(@TempDir Path directory) {
		TestPki pki = new TestPki(directory);
		Path certificate = pki.write("server", pki.server("server"));
		Throwable failure = startFailure(WebApplicationType.SERVLET, "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + pki.key("server"));
		assertThat(failure).hasMessageContaining("mtls.server.client-auth 'need'")
			.hasMessageContaining("no trust set is configured");
		assertThat(((FailureAnalyzedException) failure).analysis().getAction()).contains("mtls.trust.certificates");
	}

	@Test
	void failsWhenGrantPatternIsMalformed(@TempDir Path directory) {
		TestPki pki = new TestPki(directory);
		Path certificate = pki.write("server", pki.server("server"));
		Throwable failure = startFailure(WebApplicationType.REACTIVE, "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + pki.key("server"),
				"--mtls.trust.certificates=file:" + pki.writeCertificates("ca.crt", pki.root()),
				"--mtls.grants[0].peer=spiffe://shop.example/***", "--mtls.grants[0].authorities=SCOPE_read");
		assertThat(failure).hasMessageContaining("mtls.grants[0].peer 'spiffe://shop.example/***'")
			.hasMessageContaining("malformed");
	}

	@Test
	void failsWhenTomcatIsAskedForTheOpenSslEngineWithHttp2(@TempDir Path directory) {
		TestPki pki = new TestPki(directory);
		Path certificate = pki.write("server", pki.server("server"));
		Throwable failure = startFailure(WebApplicationType.SERVLET, "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + pki.key("server"),
				"--mtls.trust.certificates=file:" + pki.writeCertificates("ca.crt", pki.root()),
				"--mtls.server.engine=openssl", "--server.http2.enabled=true");
		assertThat(failure).hasMessageContaining("mtls.server.engine 'openssl'")
			.hasMessageContaining("HTTP/2 (server.http2.enabled) is not supported on Tomcat with the OpenSSL engine");
		assertThat(((FailureAnalyzedException) failure).analysis().getAction()).contains("mtls.server.engine=jdk");
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void failsRatherThanSilentlyOverridingServerSsl(WebApplicationType type, @TempDir Path directory) {
		TestPki pki = new TestPki(directory);
		Path certificate = pki.write("server", pki.server("server"));
		Throwable failure = startFailure(type, "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + pki.key("server"),
				"--mtls.trust.certificates=file:" + pki.writeCertificates("ca.crt", pki.root()),
				"--server.ssl.client-auth=none", "--server.ssl.protocols=TLSv1.2");
		assertThat(failure).hasMessageContaining("server.ssl.client-auth, server.ssl.protocols configure the server's TLS");
		assertThat(((FailureAnalyzedException) failure).analysis().getAction()).contains("mtls.server.client-auth")
			.contains("mtls.server.enabled=false");
		// The twin: with mtls.server.enabled=false, server.ssl.* configures the server and it starts.
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerApplication.class).web(type)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--mtls.server.enabled=false",
					"--mtls.identity.certificate=file:" + certificate, "--mtls.identity.private-key=file:" + pki.key("server"),
					"--mtls.trust.certificates=file:" + pki.writeCertificates("ca.crt", pki.root()),
					"--server.ssl.bundle=mtls", "--server.ssl.client-auth=need")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static Throwable startFailure(WebApplicationType type, String... arguments) {
		Throwable[] caught = new Throwable[1];
		assertThatException().isThrownBy(() -> {
			try {
				new SpringApplicationBuilder(PeerApplication.class).web(type)
					.run(concat(arguments, "--server.port=0", "--spring.main.banner-mode=off"));
			}
			catch (RuntimeException ex) {
				caught[0] = ex;
				throw ex;
			}
		});
		Throwable failure = caught[0];
		while (failure != null && !(failure instanceof FailureAnalyzedException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("FailureAnalyzedException in %s", caught[0]).isNotNull();
		return failure;
	}

	private static String[] concat(String[] first, String... second) {
		String[] result = new String[first.length + second.length];
		System.arraycopy(first, 0, result, 0, first.length);
		System.arraycopy(second, 0, result, first.length, second.length);
		return result;
	}

}
