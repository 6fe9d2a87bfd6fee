package dev.mtls.boot.server;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.JsseEngines;
import dev.mtls.boot.core.NettyTlsEngines;
import dev.mtls.boot.core.TlsEngine;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The server settings that startup refuses before a server starts: client certificates asked
 * for without a trust set, a TLS engine the class path or the server cannot provide, and
 * {@code server.ssl.*} that the starter would silently override. The
 * server customizers and the doctor check through the same methods, so both say the same thing.
 *
 * @author mtls-spring-boot
 */
public final class ServerSettings {

	static final String ENGINE = "mtls.server.engine";

	private ServerSettings() {
	}

	/**
	 * Check the server settings as startup does.
	 * @param server the server settings
	 * @param trustConfigured whether the trust set has certificates
	 * @param tomcat whether the server is Tomcat (otherwise Reactor Netty)
	 * @param http2 whether HTTP/2 is enabled ({@code server.http2.enabled})
	 * @throws org.springframework.boot.diagnostics.FailureAnalyzedException naming the property
	 * and the fix
	 */
	public static void check(MtlsServerProperties server, boolean trustConfigured, boolean tomcat, boolean http2) {
		requireTrust(server.getClientAuth(), trustConfigured);
		TlsEngine engine = server.getEngine();
		if (tomcat && engine == TlsEngine.OPENSSL) {
			requireTomcatOpenSsl(http2);
			NettyTlsEngines.provider(engine, ENGINE);
		}
		else if (tomcat) {
			JsseEngines.provider(engine, ENGINE);
		}
		else if (NettyTlsEngines.provider(engine, ENGINE) == io.netty.handler.ssl.SslProvider.JDK) {
			JsseEngines.provider(engine, ENGINE);
		}
	}

	/**
	 * Refuse {@code server.ssl.*} settings beside the starter's server TLS: the starter configures
	 * the server from the {@code mtls} bundle after Spring Boot does, so they would be overridden
	 * without a word.
	 * @param environment the application's environment
	 * @throws org.springframework.boot.diagnostics.FailureAnalyzedException naming the properties and
	 * the fix
	 */
	public static void requireNoServerSsl(Environment environment) {
		ConfigurationPropertyName serverSsl = ConfigurationPropertyName.of("server.ssl");
		Set<String> set = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource names) {
				names.stream().filter(serverSsl::isAncestorOf).forEach((name) -> set.add(name.toString()));
			}
		}
		if (!set.isEmpty()) {
			throw ConfigurationProblem.of(String.join(", ", set) + " configure the server's TLS, which the starter "
					+ "configures from mtls.* (mtls.server.enabled=true), so they would be ignored.",
					"Remove server.ssl.* and use mtls.server.client-auth, mtls.server.protocols and mtls.server.ciphers; "
							+ "or set mtls.server.enabled=false to let server.ssl.* configure the server (clients, "
							+ "Security and the mtls bundle keep working).");
		}
	}

	static void requireTrust(ClientAuth clientAuth, boolean trustConfigured) {
		if (clientAuth != ClientAuth.NONE && !trustConfigured) {
			throw ConfigurationProblem.of("mtls.server.client-auth", clientAuth.name().toLowerCase(Locale.ROOT),
					"no trust set is configured, so client certificates cannot be verified.",
					"Set mtls.trust.certificates to the PEM CA certificate(s) your clients' certificates chain to "
							+ "(or mtls.trust.truststore.location), or set mtls.server.client-auth=none.");
		}
	}

	static void requireTomcatOpenSsl(boolean http2) {
		if (!ClassUtils.isPresent("io.netty.handler.ssl.OpenSsl", ServerSettings.class.getClassLoader())) {
			throw ConfigurationProblem.of(ENGINE, "openssl", "Tomcat's OpenSSL engine comes from Netty, which is not on "
					+ "the classpath.", "Add io.netty:netty-handler and io.netty:netty-tcnative-boringssl-static "
							+ "(versions managed by Spring Boot) to the application's dependencies, or set " + ENGINE
							+ "=jdk.");
		}
		if (http2) {
			// Netty's engine ignores the application protocols Tomcat offers through SSLParameters.
			throw ConfigurationProblem.of(ENGINE, "openssl", "HTTP/2 (server.http2.enabled) is not supported on "
					+ "Tomcat with the OpenSSL engine.", "Set " + ENGINE + "=jdk, or disable HTTP/2.");
		}
	}

}
