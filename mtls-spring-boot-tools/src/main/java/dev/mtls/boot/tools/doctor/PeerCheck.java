package dev.mtls.boot.tools.doctor;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mtls.boot.authorization.AuthorizationRules;
import dev.mtls.boot.authorization.AuthorizationRules.Decision;
import dev.mtls.boot.authorization.MtlsAuthorizationProperties;
import dev.mtls.boot.core.ForwardedCertificateFormat;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.core.RefusalReason;
import dev.mtls.boot.core.RevocationMode;
import dev.mtls.boot.doctor.Finding;
import dev.mtls.boot.doctor.MaterialChecks;
import dev.mtls.boot.doctor.MtlsSettings;
import dev.mtls.boot.proxy.ForwardedCertificateParser;
import dev.mtls.boot.proxy.MalformedForwardedCertificateException;
import dev.mtls.boot.security.PeerPolicy;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.ClassUtils;

/**
 * How this application would treat a client certificate: trusted by the trust set in service
 * (revocation included, and validity and client use as handshakes check them), the principal it gets and the authorities the grants
 * give it. The same for a certificate a proxy forwards in a header, and for this service's own
 * identity against revocation.
 *
 * @author mtls-spring-boot
 */
final class PeerCheck {

	private final MtlsMaterial material;

	private final MtlsSettings settings;

	private final Instant now;

	private final AuthorizationRules rules;

	private final MtlsAuthorizationProperties.Mode mode;

	private final @Nullable Request request;

	PeerCheck(MtlsMaterial material, MtlsSettings settings, Instant now, AuthorizationRules rules,
			MtlsAuthorizationProperties.Mode mode, @Nullable Request request) {
		this.material = material;
		this.settings = settings;
		this.now = now;
		this.rules = rules;
		this.mode = mode;
		this.request = request;
	}

	/**
	 * Check this service's own identity against revocation, as peers that share its trust set
	 * and revocation settings would.
	 * @param findings where findings go
	 */
	void checkOwnRevocation(List<Finding> findings) {
		if (this.settings.revocation().getMode() == RevocationMode.NONE) {
			return;
		}
		X509Certificate[] chain = this.material.identity().chain().toArray(X509Certificate[]::new);
		try {
			this.material.verifyClient(chain);
			findings.add(Finding.ok("identity", "not revoked (mtls.revocation.mode=%s)".formatted(this.settings.revocation().getMode().tag())));
		}
		catch (CertificateException ex) {
			RefusalReason reason = RefusalReason.of(ex);
			if (reason == RefusalReason.REVOKED) {
				findings.add(Finding.error("identity", "this identity is revoked: " + ex.getMessage()
						+ ". Peers that check revocation refuse it (reason=revoked)", "Issue this service a new certificate."));
			}
			else if (reason == RefusalReason.OTHER) {
				findings.add(Finding.warning("identity", "the revocation status of this identity cannot be established: "
						+ ex.getMessage(), revocationFix()));
			}
			// Untrusted, expired and the like are reported by the material checks.
		}
	}

	/**
	 * Check a client certificate chain in a PEM file.
	 * @param file the file, leaf first
	 * @param findings where findings go
	 */
	void checkFile(Path file, List<Finding> findings) {
		String topic = "peer";
		List<X509Certificate> chain;
		try {
			chain = PemContent.load(file).getCertificates();
		}
		catch (Exception ex) {
			findings.add(Finding.error(topic, "%s cannot be read as PEM certificates: %s".formatted(file, ex.getMessage()),
					"Pass the client's certificate chain in PEM (openssl x509 -inform der -in client.der -out client.crt)."));
			return;
		}
		check(topic, chain.toArray(X509Certificate[]::new), findings);
	}

	/**
	 * Check a forwarded client certificate header value against {@code mtls.proxy.format}.
	 * @param value the header value
	 * @param findings where findings go
	 */
	void checkForwarded(String value, List<Finding> findings) {
		String topic = "forwarded";
		ForwardedCertificateFormat format = this.settings.proxy().getFormat();
		X509Certificate[] chain;
		try {
			chain = ForwardedCertificateParser.parse(format, value);
		}
		catch (MalformedForwardedCertificateException ex) {
			String fits = List.of(ForwardedCertificateFormat.values())
				.stream()
				.filter((other) -> other != format && parses(other, value))
				.map(ForwardedCertificateFormat::tag)
				.findFirst()
				.map((other) -> "The value is valid " + other + ": set mtls.proxy.format=" + other + ", or change the proxy's header.")
				.orElse("Make the proxy send the certificate as " + format.tag()
						+ " (nginx: $ssl_client_escaped_cert; HAProxy: ssl_c_der,base64; Envoy: forward_client_cert_details with cert: true).");
			findings.add(Finding.error(topic, "the header is not %s (mtls.proxy.format): %s; requests carrying it get "
				.formatted(format.tag(), ex.getMessage()) + "400 Bad Request", fits));
			return;
		}
		findings.add(Finding.ok(topic, "the header is a valid %s certificate chain of %d".formatted(format.tag(), chain.length)));
		check(topic, chain, findings);
	}

	private static boolean parses(ForwardedCertificateFormat format, String value) {
		try {
			ForwardedCertificateParser.parse(format, value);
			return true;
		}
		catch (MalformedForwardedCertificateException ex) {
			return false;
		}
	}

	private void check(String topic, X509Certificate[] chain, List<Finding> findings) {
		X509Certificate leaf = chain[0];
		findings.add(Finding.info(topic, "%s, serial %s, issued by %s".formatted(MaterialChecks.name(leaf),
				leaf.getSerialNumber().toString(16), leaf.getIssuerX500Principal().getName())));
		// The trust manager checks validity and extended key usage too, classified as the log does.
		boolean refused = trust(topic, chain, findings);
		if (!refused && ClassUtils.isPresent("org.springframework.security.core.GrantedAuthority", getClass().getClassLoader())) {
			authorization(topic, leaf, findings);
		}
	}

	private boolean trust(String topic, X509Certificate[] chain, List<Finding> findings) {
		try {
			this.material.verifyClient(chain);
			findings.add(Finding.ok(topic, "the trust set in service accepts it" + (this.settings.revocation().getMode() != RevocationMode.NONE
					? ", and it is not revoked" : "")));
			return false;
		}
		catch (CertificateException ex) {
			RefusalReason reason = RefusalReason.of(ex);
			String fix = reason.hint("server", chain[0].getIssuerX500Principal().getName());
			if (reason == RefusalReason.OTHER && String.valueOf(ex.getMessage()).contains("Revocation status unknown")) {
				fix = revocationFix();
			}
			findings.add(Finding.error(topic, "this server refuses it in the handshake: reason=%s (%s)".formatted(reason.tag(),
					ex.getMessage()), fix));
			return true;
		}
	}

	private void authorization(String topic, X509Certificate leaf, List<Finding> findings) {
		PeerPolicy policy = PeerPolicy.of(this.settings.mtls());
		String principal;
		try {
			principal = policy.principal(leaf);
		}
		catch (AuthenticationException ex) {
			findings.add(Finding.error(topic, "requests get 401 Unauthorized: client certificate not accepted: " + ex.getMessage(),
					"Pick a mtls.principal mode whose name the certificate carries, or issue the certificate with that name."));
			return;
		}
		List<String> authorities = policy.authorities(principal).stream().map(GrantedAuthority::getAuthority).toList();
		if (authorities.isEmpty()) {
			findings.add(Finding.warning(topic, "principal '%s' is granted no authority: requests that need one get 403 Forbidden"
				.formatted(principal), "Add a mtls.grants entry whose peer pattern matches '%s'.".formatted(principal)));
		}
		else {
			findings.add(Finding.ok(topic, "principal '%s' (mtls.principal=%s), granted %s".formatted(principal,
					this.settings.mtls().getPrincipal().tag(), String.join(", ", authorities))));
		}
		if (this.request != null) {
			request(topic, principal, authorities, this.request, findings);
		}
	}

	// The same decision the application's filters make, on the same compiled rules.
	private void request(String topic, String principal, List<String> authorities, Request request,
			List<Finding> findings) {
		Decision decision = this.rules.decide(principal, authorities, request.method(), request.path());
		String audited = decision.audited().isEmpty() ? ""
				: "; audited by rule(s) " + String.join(", ", decision.audited());
		if (decision.allowed()) {
			findings.add(Finding.ok(topic, "%s: %s%s".formatted(request, decision.reason(), audited)));
		}
		else if (this.mode == MtlsAuthorizationProperties.Mode.AUDIT) {
			findings.add(Finding.warning(topic, "%s would get 403 Forbidden: %s%s; mtls.authorization.mode=audit serves it and counts it"
				.formatted(request, decision.reason(), audited), denialFix(decision, principal)));
		}
		else {
			findings.add(Finding.error(topic, "%s gets 403 Forbidden: %s%s".formatted(request, decision.reason(), audited),
					denialFix(decision, principal)));
		}
	}

	private static String denialFix(Decision decision, String principal) {
		if (AuthorizationRules.NO_ALLOW_RULE.equals(decision.rule())) {
			return "Add an allow rule to mtls.authorization.rules whose peers match '%s' (or whose authorities it has), "
				.formatted(principal) + "with this method and path; once any allow rule exists, everything else is denied.";
		}
		return "Rule '%s' in mtls.authorization.rules denies it: narrow its peers, methods or paths if this peer should "
			.formatted(decision.rule()) + "make this request.";
	}

	/**
	 * A request to ask about, as {@code --request="POST /orders/42"} gives it.
	 *
	 * @param method the HTTP method, upper case
	 * @param path the path within the application
	 */
	record Request(String method, String path) {

		private static final Pattern FORM = Pattern.compile("([A-Za-z]+) +(/\\S*)");

		static Request of(String value) {
			Matcher matcher = FORM.matcher(value.trim());
			if (!matcher.matches()) {
				throw new IllegalArgumentException(
						"--request=%s is not a method and a path; write e.g. --request=\"POST /orders/42\"".formatted(value));
			}
			return new Request(matcher.group(1).toUpperCase(Locale.ROOT), matcher.group(2));
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	private static String revocationFix() {
		return "Make the CRL or OCSP responder reachable (mtls.revocation.crl-locations, ocsp-responder), raise "
				+ "mtls.revocation.timeout, or accept unknown status with mtls.revocation.soft-fail=true.";
	}

}
