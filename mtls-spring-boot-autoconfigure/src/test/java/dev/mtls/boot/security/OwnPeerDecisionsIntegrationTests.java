package dev.mtls.boot.security;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.Curl;
import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.x509.SubjectDnX509PrincipalExtractor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own {@code X509PrincipalExtractor} and {@link PeerGrantResolver} decide the
 * principal and authorities of real peers, on Tomcat and Reactor Netty, for certificates presented
 * in the handshake and forwarded by a trusted proxy alike, and are asked once per certificate. The
 * twin: without them, {@code mtls.principal} and {@code mtls.grants} decide.
 */
class OwnPeerDecisionsIntegrationTests {

	private static final String PROXY_ADDRESS = "127.0.0.2";

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate orders;

	private IssuedCertificate inventory;

	@BeforeEach
	void issue() {
		this.pki = new TestPki(this.directory);
		this.pki.write("edge-proxy", this.pki.client("edge-proxy"));
		this.orders = this.pki.client("orders");
		this.inventory = this.pki.client("inventory");
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void theApplicationsExtractorAndResolverDecideOncePerCertificate(WebApplicationType type) throws Exception {
		Path certificate = this.pki.write("app", this.pki.server("app"));
		try (RunningPeer app = RunningPeer.startWith(type, "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + this.pki.key("app"),
				"--mtls.trust.certificates=file:" + this.pki.writeCertificates("app-ca.crt", this.pki.root()),
				"--spring.main.sources=" + OwnPeerDecisions.class.getName(), "--test.custom-chain=true",
				"--mtls.proxy.enabled=true", "--mtls.proxy.header=X-Client-Cert",
				"--mtls.proxy.format=pem-url-encoded", "--mtls.proxy.trusted-proxies=" + PROXY_ADDRESS + "/32")) {
			TlsClient client = TlsClient.presenting(this.orders, this.pki.root());
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> whoami = client.get(app.port(), "/whoami");
				assertThat(whoami.statusCode()).isEqualTo(200);
				assertThat(whoami.body()).contains("\"principal\":\"orders\"", "\"authorities\":[\"SCOPE_admin\"]");
			}
			assertThat(client.get(app.port(), "/admin").body()).isEqualTo("admin");
			CommonNameGrants grants = app.context().getBean(CommonNameGrants.class);
			// Four handshakes and four requests: one question.
			assertThat(grants.asked).containsExactly("orders");
			assertThat(forwarded(app, this.inventory)).startsWith("200 ")
				.contains("\"principal\":\"inventory\"", "\"authorities\":[\"SCOPE_read\"]");
			assertThat(forwarded(app, this.inventory)).startsWith("200 ");
			assertThat(grants.asked).containsExactly("orders", "inventory");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void withoutThemTheSettingsDecide(WebApplicationType type) throws Exception {
		try (RunningPeer app = RunningPeer.start(type, this.pki, "app", this.pki.server("app"),
				"--test.custom-chain=true", "--mtls.proxy.enabled=true", "--mtls.proxy.header=X-Client-Cert",
				"--mtls.proxy.format=pem-url-encoded", "--mtls.proxy.trusted-proxies=" + PROXY_ADDRESS + "/32")) {
			TlsClient client = TlsClient.presenting(this.orders, this.pki.root());
			HttpResponse<String> whoami = client.get(app.port(), "/whoami");
			assertThat(whoami.statusCode()).isEqualTo(200);
			assertThat(whoami.body()).contains("\"principal\":\"" + TestPki.spiffeId("orders") + "\"",
					"\"authorities\":[\"SCOPE_read\"]");
			assertThat(client.get(app.port(), "/admin").statusCode()).isEqualTo(403);
			assertThat(forwarded(app, this.inventory)).startsWith("200 ")
				.contains("\"principal\":\"" + TestPki.spiffeId("inventory") + "\"");
		}
	}

	private String forwarded(RunningPeer app, IssuedCertificate certificate) {
		return Curl.trusting(this.pki)
			.as("edge-proxy")
			.from(PROXY_ADDRESS)
			.header("X-Client-Cert: " + Curl.escaped(certificate))
			.get(app.port(), "/whoami");
	}

	/**
	 * What an application declares: Spring Security's common-name extractor, and its own grants.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OwnPeerDecisions {

		@Bean
		SubjectDnX509PrincipalExtractor commonName() {
			return new SubjectDnX509PrincipalExtractor();
		}

		@Bean
		CommonNameGrants commonNameGrants() {
			return new CommonNameGrants();
		}

	}

	static class CommonNameGrants implements PeerGrantResolver {

		final List<String> asked = new CopyOnWriteArrayList<>();

		@Override
		public Collection<GrantedAuthority> resolve(String principal, X509Certificate certificate) {
			this.asked.add(principal);
			return List.of(new SimpleGrantedAuthority(principal.equals("orders") ? "SCOPE_admin" : "SCOPE_read"));
		}

	}

}
