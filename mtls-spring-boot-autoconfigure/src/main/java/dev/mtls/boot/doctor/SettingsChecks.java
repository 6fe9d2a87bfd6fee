package dev.mtls.boot.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mtls.boot.core.ClientAuth;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.NettyTlsEngines;
import dev.mtls.boot.crypto.CryptoServices;
import dev.mtls.boot.doctor.Finding.Severity;
import dev.mtls.boot.proxy.ForwardedCertificates;
import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.reload.WatchedFiles;
import dev.mtls.boot.security.PeerPolicy;
import dev.mtls.boot.server.ServerSettings;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Checks the settings around the material: the ones startup refuses (through the same methods the
 * server, security and proxy set-up use), and the ones that start fine but fail later: Kubernetes
 * probes on the mTLS port, files that are never reloaded, a certificate mounted as a single file; and
 * which JCA provider serves the JDK TLS engine's cryptography.
 * <p>Public for the doctor command of mtls-spring-boot-tools, not API.
 *
 * @author mtls-spring-boot
 */
public final class SettingsChecks {

	private static final String TOPIC = "settings";

	private static final Path MOUNT_INFO = Path.of("/proc/self/mountinfo");

	private final MtlsSettings settings;

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	private final ClassLoader classLoader = SettingsChecks.class.getClassLoader();

	public SettingsChecks(MtlsSettings settings, Environment environment, ResourceLoader resourceLoader) {
		this.settings = settings;
		this.environment = environment;
		this.resourceLoader = resourceLoader;
	}

	/**
	 * Check the settings of the application whose environment this is.
	 * @param material the material in service
	 * @param stack the application's kind: which server (if any) to check
	 * @param findings where findings go
	 */
	public void check(MtlsMaterial material, @Nullable WebApplicationType stack, List<Finding> findings) {
		if (this.settings.server().isEnabled() && stack != WebApplicationType.NONE) {
			server(material, stack, findings);
		}
		if (this.settings.client().isEnabled() && present("reactor.netty.http.client.HttpClient")) {
			refused(() -> NettyTlsEngines.provider(this.settings.client().getEngine(), "mtls.client.engine"),
					findings);
		}
		if (present("org.springframework.security.core.GrantedAuthority")) {
			refused(() -> PeerPolicy.of(this.settings.mtls()), findings);
			if (this.settings.proxy().isEnabled()) {
				refused(() -> proxy(material, findings), findings);
			}
		}
		reload(findings);
		// Installed (or not) by startup already: what the JCA now hands JSSE.
		findings.add(Finding.info("crypto", "the JDK TLS engine's cryptography (mtls.crypto.provider="
				+ this.environment.getProperty("mtls.crypto.provider", "auto") + "): " + CryptoServices.describe()));
	}

	private void server(MtlsMaterial material, @Nullable WebApplicationType stack, List<Finding> findings) {
		boolean tomcat = stack == WebApplicationType.SERVLET;
		boolean http2 = this.environment.getProperty("server.http2.enabled", Boolean.class, false);
		refused(() -> ServerSettings.check(this.settings.server(), material.trust().isConfigured(), tomcat, http2), findings);
		refused(() -> ServerSettings.requireNoServerSsl(this.environment), findings);
		ClientAuth clientAuth = this.settings.server().getClientAuth();
		if (clientAuth == ClientAuth.WANT) {
			findings.add(Finding.info(TOPIC, "mtls.server.client-auth=want: clients without a certificate get "
					+ "'401 Unauthorized: a client certificate is required' from Spring Security instead of a failed handshake"));
		}
		boolean actuator = present("org.springframework.boot.actuate.endpoint.annotation.Endpoint");
		String managementPort = this.environment.getProperty("management.server.port");
		if (actuator && clientAuth == ClientAuth.NEED
				&& (managementPort == null || managementPort.equals(this.environment.getProperty("server.port")))) {
			// A problem on Kubernetes, where probes carry no client certificate; elsewhere maybe intended.
			Severity severity = (CloudPlatform.getActive(this.environment) == CloudPlatform.KUBERNETES) ? Severity.WARNING
					: Severity.INFO;
			findings.add(new Finding(severity, TOPIC, "Actuator shares the mTLS application port: Kubernetes probes and "
					+ "Prometheus scrapes, which present no client certificate, fail the handshake",
					"Set management.server.port (e.g. 9443) and point probes and scrapes at it."));
		}
	}

	private void proxy(MtlsMaterial material, List<Finding> findings) {
		MtlsProxyProperties proxy = this.settings.proxy();
		ForwardedCertificates.requireProxyPeersFromSans(this.settings.mtls().getPrincipal(), proxy);
		// Only the trusted sources and the trust set are checked here (grants just above): no proxy's principal is asked for.
		new ForwardedCertificates(proxy, material.trust().isConfigured(), (certificate) -> null, List.of(),
				material.clock(), Duration.ofMinutes(5));
		findings.add(Finding.info(TOPIC, "forwarded client certificates (%s in %s) are accepted only from %s; from anyone "
			.formatted(proxy.getFormat().tag(), proxy.getHeader(), sources(proxy))
				+ "else the header is ignored and logged"));
	}

	private static String sources(MtlsProxyProperties proxy) {
		String addresses = proxy.getTrustedProxies().isEmpty() ? "" : "addresses " + String.join(", ", proxy.getTrustedProxies());
		String peers = proxy.getTrustedProxyPeers().isEmpty() ? "" : "peers " + String.join(", ", proxy.getTrustedProxyPeers());
		return (addresses.isEmpty() || peers.isEmpty()) ? addresses + peers : addresses + " and " + peers;
	}

	private void reload(List<Finding> findings) {
		if (!this.settings.reload().isEnabled()) {
			findings.add(Finding.warning(TOPIC, "mtls.reload.enabled=false: rotated certificate files are not picked up until a restart",
					"Remove mtls.reload.enabled=false, or call MtlsMaterial.reload() after writing new files."));
			return;
		}
		List<String> unwatchable = WatchedFiles.unwatchable(this.settings.mtls(), this.resourceLoader);
		if (!unwatchable.isEmpty()) {
			findings.add(Finding.info(TOPIC, "not files, so never reloaded: " + String.join(", ", unwatchable)));
		}
		Set<Path> mountPoints = mountPoints();
		for (Path file : WatchedFiles.of(this.settings.mtls(), this.resourceLoader)) {
			if (mountPoints.contains(file.toAbsolutePath().normalize())) {
				findings.add(Finding.warning(TOPIC, file + " is mounted as a single file (a Kubernetes subPath mount): "
						+ "Kubernetes never updates it, so a renewed certificate is not picked up",
						"Mount the whole secret as a directory (no subPath) and point mtls.* at the files in it."));
			}
		}
	}

	// Field 5 of each mountinfo line is the mount point (spaces escaped as \040).
	private static Set<Path> mountPoints() {
		try {
			return Files.readAllLines(MOUNT_INFO)
				.stream()
				.map((line) -> line.split(" "))
				.filter((fields) -> fields.length > 4)
				.map((fields) -> Path.of(fields[4].replace("\\040", " ")))
				.collect(Collectors.toSet());
		}
		catch (IOException | RuntimeException ex) {
			return Set.of();
		}
	}

	private boolean present(String className) {
		return ClassUtils.isPresent(className, this.classLoader);
	}

	private static void refused(Runnable check, List<Finding> findings) {
		try {
			check.run();
		}
		catch (FailureAnalyzedException ex) {
			FailureAnalysis analysis = ex.analysis();
			findings.add(Finding.error(TOPIC, analysis.getDescription(), analysis.getAction()));
		}
	}

}
