package dev.mtls.boot.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.server.MtlsServerProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code mtls.*} property reaches IDEs with a description and, where it has one, its default,
 * and every auto-configuration's conditions are in the metadata Spring Boot reads before loading it.
 */
class ConfigurationMetadataTests {

	@Test
	@SuppressWarnings("unchecked")
	void everyPropertyHasADescription() throws Exception {
		Map<String, Object> metadata;
		try (InputStream in = compiled("META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readValue(in, Map.class);
		}
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		List<String> undescribed = new ArrayList<>();
		TreeSet<String> names = new TreeSet<>();
		for (Map<String, Object> property : properties) {
			names.add((String) property.get("name"));
			if (property.get("description") == null) {
				undescribed.add((String) property.get("name"));
			}
		}
		assertThat(undescribed).isEmpty();
		assertThat(names).contains("mtls.enabled", "mtls.bundle", "mtls.identity.certificate",
				"mtls.identity.private-key", "mtls.identity.private-key-password", "mtls.identity.keystore.location",
				"mtls.identity.keystore.password", "mtls.identity.keystore.type", "mtls.identity.keystore.alias",
				"mtls.trust.certificates", "mtls.trust.truststore.location", "mtls.trust.truststore.password",
				"mtls.trust.truststore.type", "mtls.server.client-auth", "mtls.server.protocols", "mtls.client.enabled",
				"mtls.principal", "mtls.grants", "mtls.crypto.provider", "mtls.dev.enabled", "mtls.reload.enabled", "mtls.reload.quiet-period", "mtls.revocation.mode",
				"mtls.revocation.crl-locations", "mtls.revocation.ocsp-responder", "mtls.revocation.soft-fail",
				"mtls.revocation.cache-ttl", "mtls.revocation.timeout", "mtls.revocation.check-servers",
				"mtls.health.expiry-warning-threshold", "mtls.metrics.peer-tags", "mtls.server.engine",
				"mtls.server.session-timeout", "mtls.server.verified-chains-cache-size", "mtls.client.engine",
				"mtls.proxy.enabled", "mtls.proxy.header", "mtls.proxy.chain-header", "mtls.proxy.format",
				"mtls.proxy.trusted-proxies", "mtls.proxy.trusted-proxy-peers", "mtls.proxy.verify",
				"mtls.proxy.allow-proxy-identity", "mtls.authorization.mode", "mtls.authorization.anonymous",
				"mtls.authorization.rules", "mtls.identity.acme.directory", "mtls.identity.acme.domains",
				"mtls.identity.acme.challenge", "mtls.identity.acme.renew-before", "mtls.identity.acme.storage",
				"mtls.identity.acme.directory-trust", "mtls.identity.acme.http-port")
			.doesNotContain("mtls.trust.truststore.alias");
		assertThat(names).contains("mtls.data.redis.retire-on-update", "mtls.data.postgresql.enabled",
				"mtls.data.postgresql.retire-on-update", "mtls.data.kafka.retire-on-update");
		Map<String, Object> protocols = properties.stream()
			.filter((property) -> "mtls.server.protocols".equals(property.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat((List<String>) protocols.get("defaultValue")).containsExactly("TLSv1.3", "TLSv1.2");
		Map<String, Object> renewBefore = properties.stream()
			.filter((property) -> "mtls.identity.acme.renew-before".equals(property.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(renewBefore.get("defaultValue")).isEqualTo("33%");
	}

	@Test
	void everyAutoConfigurationHasItsConditionsInMetadata() throws Exception {
		Properties metadata = new Properties();
		try (InputStream in = compiled("META-INF/spring-autoconfigure-metadata.properties")) {
			metadata.load(in);
		}
		List<String> autoConfigurations;
		try (InputStream in = compiled("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			autoConfigurations = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.toList();
		}
		assertThat(autoConfigurations).isNotEmpty();
		assertThat(metadata).containsKeys(autoConfigurations.toArray());
	}

	@Test
	void contractNamesBindFromFlatProperties() {
		Map<String, String> source = Map.of("mtls.principal", "spiffe-id-or-cn", "mtls.server.client-auth", "want",
				"mtls.grants[0].peer", "spiffe://shop.example/ns/prod/sa/orders", "mtls.grants[0].authorities",
				"SCOPE_inventory:read", "mtls.identity.keystore.alias", "svc", "mtls.proxy.format", "pem-url-encoded",
				"mtls.proxy.trusted-proxies", "10.0.0.0/8,192.168.1.10");
		Binder binder = new Binder(new MapConfigurationPropertySource(source));
		MtlsProperties properties = binder.bind("mtls", Bindable.of(MtlsProperties.class)).get();
		MtlsServerProperties server = binder.bind("mtls.server", Bindable.of(MtlsServerProperties.class)).get();
		MtlsProxyProperties proxy = binder.bind("mtls.proxy", Bindable.of(MtlsProxyProperties.class)).get();
		assertThat(properties.getPrincipal()).isEqualTo(PrincipalMode.SPIFFE_ID_OR_CN);
		assertThat(server.getClientAuth()).isEqualTo(ClientAuth.WANT);
		assertThat(properties.getGrants().get(0).getAuthorities()).containsExactly("SCOPE_inventory:read");
		assertThat(properties.getIdentity().getKeystore().getAlias()).isEqualTo("svc");
		assertThat(proxy.getFormat()).isEqualTo(ForwardedCertificateFormat.PEM_URL_ENCODED);
		assertThat(proxy.getTrustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.10");
	}

	// The file as compiled next to MtlsProperties (target/classes or the jar), not whichever copy comes first
	// on the class path: without the annotation processors the build has none, and other jars have theirs.
	private static InputStream compiled(String name) throws IOException {
		String classes = MtlsProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
		for (URL url : Collections.list(MtlsProperties.class.getClassLoader().getResources(name))) {
			if (url.toString().startsWith(classes) || url.toString().startsWith("jar:" + classes)) {
				return url.openStream();
			}
		}
		throw new AssertionError(name + " is missing from " + classes + ": the annotation processors did not run");
	}

}
