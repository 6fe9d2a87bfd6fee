package dev.mtls.boot.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.devca.IssuedCertificate;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link PeerApplication} started for real on a random port, configured the way users do it: with
 * {@code --mtls.*} command-line arguments pointing at PEM files.
 */
public final class RunningPeer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningPeer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static RunningPeer start(WebApplicationType type, TestPki pki, String name, IssuedCertificate identity,
			String... extraArguments) {
		Path certificate = pki.write(name, identity);
		Path ca = pki.writeCertificates(name + "-ca.crt", pki.root());
		List<String> arguments = new ArrayList<>(List.of("--server.port=0",
				"--spring.main.banner-mode=off", "--mtls.identity.certificate=file:" + certificate,
				"--mtls.identity.private-key=file:" + pki.key(name), "--mtls.trust.certificates=file:" + ca,
				"--mtls.grants[0].peer=" + TestPki.spiffeId("admin-*"), "--mtls.grants[0].authorities=SCOPE_admin",
				"--mtls.grants[1].peer=spiffe://" + TestPki.TRUST_DOMAIN + "/**",
				"--mtls.grants[1].authorities=SCOPE_read"));
		arguments.addAll(List.of(extraArguments));
		return run(type, arguments);
	}

	/**
	 * Start with only the given arguments besides a random port (no material written).
	 */
	public static RunningPeer startWith(WebApplicationType type, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		all.addAll(List.of(arguments));
		return run(type, all);
	}

	private static RunningPeer run(WebApplicationType type, List<String> arguments) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerApplication.class).web(type)
			.run(arguments.toArray(String[]::new));
		return new RunningPeer(context);
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
