package dev.mtls.boot.proxy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.mtls.boot.core.ConfigurationProblem;
import dev.mtls.boot.core.ForwardedCertificateFormat;
import dev.mtls.boot.core.LogText;
import dev.mtls.boot.core.PrincipalMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decides, per request, whether a forwarded client certificate header counts: only from a trusted
 * proxy, only if it reads as a certificate chain in the configured format, and (with
 * {@code mtls.proxy.verify}) only within the chain's validity; the trust set and revocation are
 * checked by peer authentication, once per certificate like a TLS peer's. A trusted proxy's request
 * without the header is anonymous, not the proxy's. Every refusal is logged at most once per
 * source, outcome and period.
 *
 * @author mtls-spring-boot
 */
public final class ForwardedCertificates {

	private static final Log logger = LogFactory.getLog(ForwardedCertificates.class);

	private static final int MAX_REMEMBERED = 10_000;

	private final String header;

	private final @Nullable String chainHeader;

	private final ForwardedCertificateFormat format;

	private final boolean verify;

	private final boolean allowProxyIdentity;

	private final TrustedProxies proxies;

	private final List<ForwardedCertificateListener> listeners;

	private final Clock clock;

	private final Duration logPeriod;

	private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

	/**
	 * Create from {@code mtls.proxy.*}, refusing {@code mtls.proxy.verify} without a trust set to
	 * verify against.
	 * @param properties the proxy settings
	 * @param trustConfigured whether {@code mtls.trust} holds a CA certificate
	 * @param principal how a proxy's own certificate is named ({@code mtls.principal})
	 * @param listeners told every outcome
	 * @param clock for validity checks and log periods
	 * @param logPeriod how long to keep quiet about the same source and outcome
	 * @throws org.springframework.boot.diagnostics.FailureAnalyzedException if the settings are
	 * invalid
	 */
	public ForwardedCertificates(MtlsProxyProperties properties, boolean trustConfigured,
			Function<X509Certificate, String> principal, List<ForwardedCertificateListener> listeners, Clock clock,
			Duration logPeriod) {
		this(requireTrust(properties, trustConfigured), principal, listeners, clock, logPeriod);
	}

	/**
	 * Create from {@code mtls.proxy.*}, for a caller that checked the trust set itself.
	 * @param properties the proxy settings
	 * @param principal how a proxy's own certificate is named ({@code mtls.principal})
	 * @param listeners told every outcome
	 * @param clock for validity checks and log periods
	 * @param logPeriod how long to keep quiet about the same source and outcome
	 */
	public ForwardedCertificates(MtlsProxyProperties properties, Function<X509Certificate, String> principal,
			List<ForwardedCertificateListener> listeners, Clock clock, Duration logPeriod) {
		this.header = properties.getHeader();
		this.format = properties.getFormat();
		this.chainHeader = (this.format == ForwardedCertificateFormat.RFC9440) ? chainHeader(properties) : null;
		this.verify = properties.isVerify();
		this.allowProxyIdentity = properties.isAllowProxyIdentity();
		this.proxies = TrustedProxies.of(properties.getTrustedProxies(), properties.getTrustedProxyPeers(), principal);
		this.listeners = List.copyOf(listeners);
		this.clock = clock;
		this.logPeriod = logPeriod;
	}

	/**
	 * Refuse proxy principals that could come from a certificate's subject, which the requester may
	 * choose: a proxy is trusted by identity only through a subject alternative name.
	 * @param mode how peers are named ({@code mtls.principal})
	 * @param properties the proxy settings
	 * @throws org.springframework.boot.diagnostics.FailureAnalyzedException naming the property, the
	 * entry and the fix
	 */
	public static void requireProxyPeersFromSans(PrincipalMode mode, MtlsProxyProperties properties) {
		for (String peer : properties.getTrustedProxyPeers()) {
			boolean subjectOnly = mode == PrincipalMode.CN || mode == PrincipalMode.DN;
			if (subjectOnly || (mode == PrincipalMode.SPIFFE_ID_OR_CN && !peer.startsWith("spiffe://"))) {
				throw ConfigurationProblem.of("mtls.proxy.trusted-proxy-peers", peer,
						"proxies are trusted by identity only through a name from a subject alternative name, never a "
								+ "common name or subject, which a CA may let any requester choose (mtls.principal="
								+ mode.tag() + ").",
						"List the proxy's SPIFFE ID (spiffe://...) with mtls.principal=spiffe-id-or-cn, or use "
								+ "mtls.principal=san-dns / san-uri; or trust the proxy by address (mtls.proxy.trusted-proxies).");
			}
		}
	}

	private static String chainHeader(MtlsProxyProperties properties) {
		if (properties.getChainHeader().equalsIgnoreCase(properties.getHeader())) {
			throw ConfigurationProblem.of("mtls.proxy.chain-header", properties.getChainHeader(),
					"it is the header of the leaf certificate too (mtls.proxy.header), so one would be read as the other.",
					"Use RFC 9440's names: mtls.proxy.header=Client-Cert, mtls.proxy.chain-header=Client-Cert-Chain.");
		}
		return properties.getChainHeader();
	}

	private static MtlsProxyProperties requireTrust(MtlsProxyProperties properties, boolean trustConfigured) {
		if (properties.isVerify() && !trustConfigured) {
			// Without mtls.trust the trust manager falls back to the JDK's public CAs.
			throw ConfigurationProblem.of("mtls.proxy.verify", "true", "no trust set is configured "
					+ "(mtls.trust.certificates), so forwarded client certificates would be verified against the JDK's "
					+ "public CAs.", "Set mtls.trust.certificates (or mtls.trust.truststore.location) to the CA "
							+ "certificate(s) of the clients behind the proxy, or set mtls.proxy.verify=false to rely on "
							+ "the proxy's own verification.");
		}
		return properties;
	}

	/**
	 * The request header that carries the certificate.
	 * @return the header name
	 */
	public String header() {
		return this.header;
	}

	/**
	 * Every request header this reads, which the rest of the request must not see: the
	 * certificate's, and with {@code rfc9440} also the chain's.
	 * @return the header names
	 */
	public List<String> headers() {
		return (this.chainHeader != null) ? List.of(this.header, this.chainHeader) : List.of(this.header);
	}

	/**
	 * Whether peer authentication verifies the forwarded chain against the trust set.
	 * @return {@code mtls.proxy.verify}
	 */
	public boolean verify() {
		return this.verify;
	}

	/**
	 * Decide for a request that carries the header.
	 * @param value the header value
	 * @param remoteAddress the connection's remote IP address, or {@code null}
	 * @param peerChain the chain the connection itself presented, or {@code null}
	 * @return the decision
	 */
	public Forwarded read(String value, @Nullable String remoteAddress, X509Certificate @Nullable [] peerChain) {
		// With the header there is always a decision.
		return Objects.requireNonNull(read(List.of(value), remoteAddress, peerChain), "decision");
	}

	/**
	 * Decide for a request given every line of the header: a trusted proxy must send exactly one,
	 * since a proxy that adds its line instead of replacing the caller's (HAProxy
	 * {@code add-header}) would leave the caller's first. Without the header, a trusted proxy's
	 * own certificate does not count (nginx {@code ssl_verify_client optional} sends no header
	 * for a caller without a certificate) unless {@code mtls.proxy.allow-proxy-identity}.
	 * @param values the header's values, one per header line, in request order; empty without
	 * the header
	 * @param remoteAddress the connection's remote IP address, or {@code null}
	 * @param peerChain the chain the connection itself presented, or {@code null}
	 * @return the decision, or {@code null} for a request without the header whose connection's
	 * own certificate, if any, counts
	 */
	public @Nullable Forwarded read(List<String> values, @Nullable String remoteAddress,
			X509Certificate @Nullable [] peerChain) {
		return read(values, List.of(), remoteAddress, peerChain);
	}

	/**
	 * Decide for a request given every line of each of {@link #headers()}: as
	 * {@link #read(List, String, X509Certificate[])}, and with {@code rfc9440} the chain header
	 * too, which must come in one line, and only with the certificate's header.
	 * @param lines the values of a header, one per header line, in request order; empty without
	 * it
	 * @param remoteAddress the connection's remote IP address, or {@code null}
	 * @param peerChain the chain the connection itself presented, or {@code null}
	 * @return the decision, or {@code null} for a request without the headers whose connection's
	 * own certificate, if any, counts
	 */
	public @Nullable Forwarded read(Function<String, List<String>> lines, @Nullable String remoteAddress,
			X509Certificate @Nullable [] peerChain) {
		List<String> chainValues = (this.chainHeader != null) ? lines.apply(this.chainHeader) : List.of();
		return read(lines.apply(this.header), chainValues, remoteAddress, peerChain);
	}

	private @Nullable Forwarded read(List<String> values, List<String> chainValues, @Nullable String remoteAddress,
			X509Certificate @Nullable [] peerChain) {
		boolean absent = values.isEmpty() && chainValues.isEmpty();
		if (absent && (this.allowProxyIdentity || peerChain == null || peerChain.length == 0)) {
			return null;
		}
		boolean trusted = this.proxies.trusts(remoteAddress, peerChain);
		if (absent && !trusted) {
			return null;
		}
		Forwarded forwarded = decide(values, chainValues, trusted, peerChain);
		for (ForwardedCertificateListener listener : this.listeners) {
			listener.forwarded(forwarded.outcome());
		}
		if (forwarded.outcome() != ForwardedOutcome.FORWARDED
				&& forwarded.outcome() != ForwardedOutcome.PROXY_WITHOUT_CERTIFICATE) {
			log(forwarded, remoteAddress, peerChain);
		}
		return forwarded;
	}

	private Forwarded decide(List<String> values, List<String> chainValues, boolean trusted,
			X509Certificate @Nullable [] peerChain) {
		if (!trusted) {
			return new Forwarded(ForwardedOutcome.UNTRUSTED_SOURCE, null,
					"not from a proxy in mtls.proxy.trusted-proxies or mtls.proxy.trusted-proxy-peers");
		}
		if (values.isEmpty() && chainValues.isEmpty()) {
			return new Forwarded(ForwardedOutcome.PROXY_WITHOUT_CERTIFICATE, null,
					"the trusted proxy forwarded no client certificate");
		}
		if (values.isEmpty()) {
			// RFC 9440's proxy sends the chain only beside the certificate: a chain alone came from elsewhere.
			return new Forwarded(ForwardedOutcome.MALFORMED, null,
					this.chainHeader + " without " + this.header + "; the proxy must replace both headers");
		}
		if (values.size() > 1) {
			return repeated(values.size(), this.header);
		}
		if (chainValues.size() > 1) {
			// RFC 9440 lets a List span lines; a caller's line in front of the proxy's would then join the chain.
			return repeated(chainValues.size(),
					Objects.requireNonNull(this.chainHeader, "chain lines are read only with a chain header"));
		}
		X509Certificate[] chain;
		try {
			chain = ForwardedCertificateParser.parse(this.format, values.get(0),
					chainValues.isEmpty() ? null : chainValues.get(0),
					(peerChain != null && peerChain.length > 0) ? peerChain[0] : null);
		}
		catch (MalformedForwardedCertificateException ex) {
			return new Forwarded(ForwardedOutcome.MALFORMED, null, ex.getMessage());
		}
		if (this.verify) {
			Date now = Date.from(this.clock.instant());
			for (X509Certificate certificate : chain) {
				try {
					certificate.checkValidity(now);
				}
				catch (CertificateException ex) {
					return new Forwarded(ForwardedOutcome.EXPIRED, null,
							"certificate " + certificate.getSubjectX500Principal().getName() + " is outside its validity ("
									+ certificate.getNotBefore().toInstant() + " to "
									+ certificate.getNotAfter().toInstant() + ")");
				}
			}
		}
		return new Forwarded(ForwardedOutcome.FORWARDED, chain, null);
	}

	private static Forwarded repeated(int lines, String header) {
		return new Forwarded(ForwardedOutcome.MALFORMED, null,
				lines + " " + header + " header lines; the proxy must replace the caller's header, not add its own");
	}

	private void log(Forwarded forwarded, @Nullable String remoteAddress, X509Certificate @Nullable [] peerChain) {
		String key = remoteAddress + '|' + forwarded.outcome();
		Instant now = this.clock.instant();
		Instant last = this.lastLogged.get(key);
		if (last != null && last.plus(this.logPeriod).isAfter(now)) {
			return;
		}
		if (this.lastLogged.size() >= MAX_REMEMBERED) {
			this.lastLogged.clear();
		}
		this.lastLogged.put(key, now);
		String peer = (peerChain != null && peerChain.length > 0)
				? " (its certificate: subject=\"" + LogText.escape(peerChain[0].getSubjectX500Principal().getName())
						+ "\")"
				: "";
		// Subjects and parser messages come from the caller: escaped, so they cannot forge a line.
		logger.warn("mTLS %s forwarded client certificate header %s from %s%s: %s. %s".formatted(
				(forwarded.outcome() == ForwardedOutcome.UNTRUSTED_SOURCE) ? "ignored" : "refused", this.header,
				remoteAddress, peer, LogText.escape(forwarded.reason()), hint(forwarded.outcome())));
	}

	private String hint(ForwardedOutcome outcome) {
		return switch (outcome) {
			case UNTRUSTED_SOURCE -> "If this is your proxy, add its address to mtls.proxy.trusted-proxies or its "
					+ "principal to mtls.proxy.trusted-proxy-peers; if not, someone is trying to pass as another client.";
			case MALFORMED -> "Check that the proxy sends one " + this.header + " header"
					+ ((this.chainHeader != null) ? " and at most one " + this.chainHeader + " header" : "")
					+ " (HAProxy: http-request set-header, not add-header) as mtls.proxy.format=" + this.format.tag()
					+ " expects.";
			case EXPIRED -> "The client behind the proxy must renew its certificate.";
			case FORWARDED, PROXY_WITHOUT_CERTIFICATE -> "";
		};
	}

	/**
	 * The decision for one request.
	 * @param outcome what became of the header
	 * @param chain the forwarded chain, leaf first, when {@link ForwardedOutcome#FORWARDED}
	 * @param reason why not, otherwise; short and safe to send to the client
	 */
	public record Forwarded(ForwardedOutcome outcome, X509Certificate @Nullable [] chain, @Nullable String reason) {

	}

}
