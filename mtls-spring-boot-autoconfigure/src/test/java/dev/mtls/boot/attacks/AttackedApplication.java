package dev.mtls.boot.attacks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.security.PeerPrincipal;
import dev.mtls.boot.testing.PeerApplication;
import dev.mtls.boot.testing.TestPki;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@link PeerApplication} plus a few endpoints these attacks need (async dispatch, header
 * echo), started for real like {@code RunningPeer}.
 */
final class AttackedApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private AttackedApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static AttackedApplication start(WebApplicationType type, TestPki pki, String name, IssuedCertificate identity,
			String... extraArguments) {
		Path certificate = pki.write(name, identity);
		Path ca = pki.writeCertificates(name + "-ca.crt", pki.root());
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--mtls.identity.certificate=file:" + certificate, "--mtls.identity.private-key=file:" + pki.key(name),
				"--mtls.trust.certificates=file:" + ca, "--mtls.grants[0].peer=" + TestPki.spiffeId("admin-*"),
				"--mtls.grants[0].authorities=SCOPE_admin",
				"--mtls.grants[1].peer=spiffe://" + TestPki.TRUST_DOMAIN + "/**",
				"--mtls.grants[1].authorities=SCOPE_read"));
		arguments.addAll(List.of(extraArguments));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerApplication.class,
				ServletEndpoints.class, CommonEndpoints.class)
			.web(type)
			.run(arguments.toArray(String[]::new));
		return new AttackedApplication(context);
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	int managementPort() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.management.port"));
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

	@RestController
	static class CommonEndpoints {

		/** What the application sees of the forwarded certificate header. */
		@GetMapping("/seen-header")
		String seenHeader(@RequestHeader(name = "X-Client-Cert", required = false) String header,
				Authentication authentication) {
			return authentication.getName() + " header=" + ((header != null) ? "present" : "absent");
		}

	}

	@RestController
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletEndpoints {

		/** Answered on an async dispatch. */
		@GetMapping("/async")
		Callable<String> async(@AuthenticationPrincipal PeerPrincipal peer) {
			String name = (peer != null) ? peer.getName() : "anonymous";
			return () -> "async " + name;
		}

	}

}
