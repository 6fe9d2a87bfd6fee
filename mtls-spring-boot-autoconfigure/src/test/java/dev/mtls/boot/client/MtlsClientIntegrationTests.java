package dev.mtls.boot.client;

import java.nio.file.Path;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The auto-configured RestClient, RestTemplate and WebClient builders present the identity to a
 * server that requires a client certificate, trust only the trust set, and verify host names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class MtlsClientIntegrationTests {

	private RunningPeer app;

	private RunningPeer otherHost;

	@BeforeAll
	void start(@TempDir Path directory) {
		TestPki pki = new TestPki(directory);
		this.app = RunningPeer.start(WebApplicationType.SERVLET, pki, "app", pki.server("app"));
		// A trusted certificate, but for another host name than the "localhost" clients dial.
		this.otherHost = RunningPeer.start(WebApplicationType.SERVLET, pki, "other",
				new CertificateBuilder().subject("CN=other.example").dns("other.example").issuedBy(pki.root()).issue());
	}

	@AfterAll
	void stop() {
		this.app.close();
		this.otherHost.close();
	}

	@Test
	void restClientPresentsIdentity() {
		String body = restClient().get().uri(url(this.app, "/whoami")).retrieve().body(String.class);
		assertThat(body).contains("\"principal\":\"" + TestPki.spiffeId("app") + "\"");
	}

	@Test
	void restTemplatePresentsIdentity() {
		String body = this.app.context()
			.getBean(RestTemplateBuilder.class)
			.build()
			.getForObject(url(this.app, "/whoami"), String.class);
		assertThat(body).contains("\"principal\":\"" + TestPki.spiffeId("app") + "\"");
	}

	@Test
	void webClientPresentsIdentity() {
		String body = this.app.context()
			.getBean(WebClient.Builder.class)
			.build()
			.get()
			.uri(url(this.app, "/whoami"))
			.retrieve()
			.bodyToMono(String.class)
			.block();
		assertThat(body).contains("\"principal\":\"" + TestPki.spiffeId("app") + "\"");
	}

	@Test
	void restClientRefusesServerCertificateForAnotherHost(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> restClient().get().uri(url(this.otherHost, "/whoami")).retrieve().body(String.class))
			.withStackTraceContaining("localhost");
		assertThat(output).contains("mTLS client refused server certificate")
			.contains("subject=\"CN=other.example\"")
			.contains("reason=other");
	}

	@Test
	void webClientRefusesServerCertificateForAnotherHost() {
		WebClient client = this.app.context().getBean(WebClient.Builder.class).build();
		assertThatException()
			.isThrownBy(() -> client.get().uri(url(this.otherHost, "/whoami")).retrieve().bodyToMono(String.class).block())
			.withStackTraceContaining("localhost");
	}

	@Test
	void restTemplateRefusesServerCertificateForAnotherHost() {
		assertThatException().isThrownBy(() -> this.app.context()
			.getBean(RestTemplateBuilder.class)
			.build()
			.getForObject(url(this.otherHost, "/whoami"), String.class)).withStackTraceContaining("localhost");
	}

	@Test
	void builderOptedOutDoesNotTrustTheServer() {
		RestClient plain = this.app.context()
			.getBean(RestClient.Builder.class)
			.requestFactory(ClientHttpRequestFactoryBuilder.detect().build())
			.build();
		assertThatException().isThrownBy(() -> plain.get().uri(url(this.app, "/whoami")).retrieve().body(String.class))
			.withStackTraceContaining("PKIX");
	}

	@Test
	void restTemplateOptedOutDoesNotTrustTheServer() {
		RestTemplateBuilder plain = this.app.context()
			.getBean(RestTemplateBuilder.class)
			.sslBundle(SslBundle.systemDefault());
		assertThatException().isThrownBy(() -> plain.build().getForObject(url(this.app, "/whoami"), String.class))
			.withStackTraceContaining("PKIX");
	}

	@Test
	void webClientOptedOutDoesNotTrustTheServer() {
		WebClient plain = this.app.context()
			.getBean(WebClient.Builder.class)
			.clientConnector(ClientHttpConnectorBuilder.detect().build())
			.build();
		assertThatException()
			.isThrownBy(() -> plain.get().uri(url(this.app, "/whoami")).retrieve().bodyToMono(String.class).block())
			.withStackTraceContaining("PKIX");
	}

	private RestClient restClient() {
		return this.app.context().getBean(RestClient.Builder.class).build();
	}

	private static String url(RunningPeer peer, String path) {
		return "https://localhost:" + peer.port() + path;
	}

}
