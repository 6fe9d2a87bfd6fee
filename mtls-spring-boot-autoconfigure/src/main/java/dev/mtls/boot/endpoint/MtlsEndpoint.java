package dev.mtls.boot.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.mtls.boot.authorization.RequestAuthorization;
import dev.mtls.boot.core.CertificateSummary;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.proxy.MtlsProxyProperties;
import dev.mtls.boot.core.Refusal;
import dev.mtls.boot.core.ReloadOutcome;
import dev.mtls.boot.crypto.CryptoServices;
import dev.mtls.boot.crypto.MtlsCryptoProperties;
import dev.mtls.boot.revocation.MtlsRevocationProperties;
import dev.mtls.boot.revocation.RevocationState;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/mtls}: what is loaded and from where (identity source and its state, identity chain, trust
 * anchors, principal mode and grants, revocation settings and state, reload history), who was refused recently
 * and why, the authorization rules with their hit counts and the callers without a certificate, and which JCA
 * provider serves the TLS handshake's cryptography; POST reloads the material.
 *
 * @author mtls-spring-boot
 */
@Endpoint(id = "mtls")
public class MtlsEndpoint {

	private final MtlsMaterial material;

	private final MtlsProperties properties;

	private final MtlsRevocationProperties revocationProperties;

	private final MtlsProxyProperties proxyProperties;

	private final Supplier<@Nullable RevocationState> revocation;

	private final Supplier<@Nullable RequestAuthorization> authorization;

	private final MtlsCryptoProperties cryptoProperties;

	MtlsEndpoint(MtlsMaterial material, MtlsProperties properties, MtlsRevocationProperties revocationProperties,
			MtlsProxyProperties proxyProperties, Supplier<@Nullable RevocationState> revocation,
			Supplier<@Nullable RequestAuthorization> authorization, MtlsCryptoProperties cryptoProperties) {
		this.material = material;
		this.properties = properties;
		this.revocationProperties = revocationProperties;
		this.proxyProperties = proxyProperties;
		this.revocation = revocation;
		this.authorization = authorization;
		this.cryptoProperties = cryptoProperties;
	}

	/**
	 * Describe the material in service.
	 * @return the description
	 */
	@ReadOperation
	public MtlsDescriptor mtls() {
		List<CertificateSummary> identity = this.material.identity().chain().stream().map(CertificateSummary::of).toList();
		List<CertificateSummary> anchors = this.material.trust().anchors().stream().map(CertificateSummary::of).toList();
		List<GrantDescriptor> grants = this.properties.getGrants()
			.stream()
			.map((grant) -> new GrantDescriptor(grant.getPeer(), List.copyOf(grant.getAuthorities())))
			.toList();
		RequestAuthorization authorization = this.authorization.get();
		return new MtlsDescriptor(source(), identity, anchors, this.properties.getPrincipal().tag(), grants,
				revocation(), this.material.reloadHistory(), this.material.recentRefusals(), proxy(),
				(authorization != null) ? authorization.describe() : null, crypto());
	}

	/**
	 * Reload the identity and trust set now.
	 * @return the outcome
	 */
	@WriteOperation
	public ReloadOutcome reload() {
		return this.material.reload();
	}

	private Map<String, Object> source() {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("name", this.material.sourceName());
		source.put("state", this.material.sourceState());
		return source;
	}

	private Map<String, Object> revocation() {
		MtlsRevocationProperties settings = this.revocationProperties;
		Map<String, Object> revocation = new LinkedHashMap<>();
		revocation.put("mode", settings.getMode().tag());
		revocation.put("crlLocations", settings.getCrlLocations());
		revocation.put("ocspResponder", settings.getOcspResponder());
		revocation.put("softFail", settings.isSoftFail());
		revocation.put("cacheTtl", settings.getCacheTtl().toString());
		revocation.put("timeout", settings.getTimeout().toString());
		revocation.put("checkServers", settings.isCheckServers());
		RevocationState state = this.revocation.get();
		if (state != null) {
			revocation.put("crlNextUpdate", (state.crlNextUpdate() != null) ? state.crlNextUpdate().toString() : null);
			revocation.put("cachedAnswers", state.cachedAnswers());
		}
		return revocation;
	}

	private Map<String, Object> crypto() {
		Map<String, Object> crypto = new LinkedHashMap<>();
		crypto.put("provider", this.cryptoProperties.getProvider().tag());
		crypto.put("services", CryptoServices.inService());
		return crypto;
	}

	private Map<String, Object> proxy() {
		MtlsProxyProperties settings = this.proxyProperties;
		Map<String, Object> proxy = new LinkedHashMap<>();
		proxy.put("enabled", settings.isEnabled());
		if (settings.isEnabled()) {
			proxy.put("header", settings.getHeader());
			proxy.put("format", settings.getFormat().tag());
			proxy.put("trustedProxies", settings.getTrustedProxies());
			proxy.put("trustedProxyPeers", settings.getTrustedProxyPeers());
			proxy.put("verify", settings.isVerify());
		}
		return proxy;
	}

	/**
	 * The material in service.
	 *
	 * @param source where the identity comes from ({@code files}, {@code bundle}, {@code spiffe},
	 * {@code acme}) and what the source last did
	 * @param identity the identity chain, leaf first
	 * @param trustAnchors the trusted CA certificates
	 * @param principal the principal mode
	 * @param grants the grants
	 * @param revocation revocation settings and state
	 * @param reloads the last reload attempts, newest first
	 * @param refusals the most recent distinct refused peers, newest first
	 * @param proxy forwarded client certificate settings ({@code mtls.proxy.*})
	 * @param authorization the {@code mtls.authorization} rules with their hit counts, and the
	 * callers without a verified peer; {@code null} without Spring Security
	 * @param crypto the {@code mtls.crypto.provider} setting and which JCA provider serves ECDSA, ECDH,
	 * XDH and AES-GCM under the JDK's TLS engine
	 */
	public record MtlsDescriptor(Map<String, Object> source, List<CertificateSummary> identity, List<CertificateSummary> trustAnchors,
			String principal, List<GrantDescriptor> grants, Map<String, Object> revocation,
			List<ReloadOutcome> reloads, List<Refusal> refusals, Map<String, Object> proxy,
			@Nullable Map<String, Object> authorization, Map<String, Object> crypto) {
	}

	/**
	 * A grant.
	 *
	 * @param peer the principal pattern
	 * @param authorities the authorities granted
	 */
	public record GrantDescriptor(@Nullable String peer, List<String> authorities) {
	}

}
