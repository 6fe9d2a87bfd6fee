package dev.mtls.boot.proxy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.mtls.boot.core.ForwardedCertificateFormat;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Who may forward a certificate, and what is logged and counted when someone else tries.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedCertificatesTests {

	private static final IssuedCertificate CA = new CertificateBuilder().subject("CN=CA").authority().issue();

	private static final IssuedCertificate PROXY = new CertificateBuilder().subject("CN=edge").issuedBy(CA).issue();

	private static final IssuedCertificate CLIENT = new CertificateBuilder().subject("CN=orders").issuedBy(CA).issue();

	private static final String HEADER = URLEncoder.encode(CLIENT.certificatePem(), StandardCharsets.UTF_8)
		.replace("+", "%20");

	private final List<ForwardedOutcome> outcomes = new ArrayList<>();

	private boolean allowProxyIdentity;

	@Test
	void onlyTrustedAddressesMayForward() {
		ForwardedCertificates forwarded = forwarded(List.of("10.0.0.0/8", "fd00::/8", "192.168.1.10"), List.of());
		assertThat(forwarded.read(HEADER, "10.1.2.3", null).outcome()).isEqualTo(ForwardedOutcome.FORWARDED);
		assertThat(forwarded.read(HEADER, "fd00::1", null).outcome()).isEqualTo(ForwardedOutcome.FORWARDED);
		assertThat(forwarded.read(HEADER, "192.168.1.10", null).chain()).containsExactly(CLIENT.certificate());
		assertThat(forwarded.read(HEADER, "192.168.1.11", null).outcome()).isEqualTo(ForwardedOutcome.UNTRUSTED_SOURCE);
		assertThat(forwarded.read(HEADER, null, null).outcome()).isEqualTo(ForwardedOutcome.UNTRUSTED_SOURCE);
	}

	@Test
	void onlyTrustedPeersMayForward() {
		ForwardedCertificates forwarded = forwarded(List.of(), List.of("edge"));
		assertThat(forwarded.read(HEADER, "10.1.2.3", new java.security.cert.X509Certificate[] { PROXY.certificate() })
			.outcome()).isEqualTo(ForwardedOutcome.FORWARDED);
		assertThat(forwarded.read(HEADER, "10.1.2.3", new java.security.cert.X509Certificate[] { CLIENT.certificate() })
			.outcome()).isEqualTo(ForwardedOutcome.UNTRUSTED_SOURCE);
		assertThat(forwarded.read(HEADER, "10.1.2.3", null).outcome()).isEqualTo(ForwardedOutcome.UNTRUSTED_SOURCE);
	}

	@Test
	void aSecondHeaderLineFromATrustedProxyIsMalformed() {
		ForwardedCertificates forwarded = forwarded(List.of("10.0.0.0/8"), List.of());
		ForwardedCertificates.Forwarded decision = forwarded.read(List.of(HEADER, HEADER), "10.1.2.3", null);
		assertThat(decision.outcome()).isEqualTo(ForwardedOutcome.MALFORMED);
		assertThat(decision.reason()).startsWith("2 X-Forwarded-Client-Cert header lines");
		assertThat(forwarded.read(List.of(HEADER, HEADER), "172.16.0.9", null).outcome())
			.isEqualTo(ForwardedOutcome.UNTRUSTED_SOURCE);
		assertThat(forwarded.read(List.of(HEADER), "10.1.2.3", null).outcome()).isEqualTo(ForwardedOutcome.FORWARDED);
	}

	@Test
	void aTrustedProxysOwnCertificateDoesNotCountWithoutTheHeader() {
		ForwardedCertificates forwarded = forwarded(List.of("192.168.1.10"), List.of("edge"));
		java.security.cert.X509Certificate[] proxy = { PROXY.certificate() };
		java.security.cert.X509Certificate[] client = { CLIENT.certificate() };
		assertThat(forwarded.read(List.of(), "10.1.2.3", proxy).outcome())
			.isEqualTo(ForwardedOutcome.PROXY_WITHOUT_CERTIFICATE);
		assertThat(forwarded.read(List.of(), "192.168.1.10", client).outcome())
			.isEqualTo(ForwardedOutcome.PROXY_WITHOUT_CERTIFICATE);
		assertThat(forwarded.read(List.of(), "10.1.2.3", client)).isNull();
		assertThat(forwarded.read(List.of(), "192.168.1.10", null)).isNull();
		assertThat(this.outcomes).containsExactly(ForwardedOutcome.PROXY_WITHOUT_CERTIFICATE,
				ForwardedOutcome.PROXY_WITHOUT_CERTIFICATE);
		this.allowProxyIdentity = true;
		assertThat(forwarded(List.of("192.168.1.10"), List.of("edge")).read(List.of(), "10.1.2.3", proxy)).isNull();
	}

	@Test
	void attemptsAreCountedEveryTimeButLoggedOncePerSourceAndPeriod(CapturedOutput output) {
		ForwardedCertificates forwarded = forwarded(List.of("10.0.0.0/8"), List.of());
		for (int i = 0; i < 3; i++) {
			forwarded.read(HEADER, "172.16.0.9", null);
		}
		forwarded.read("%ZZ", "10.0.0.1", null);
		assertThat(this.outcomes).containsExactly(ForwardedOutcome.UNTRUSTED_SOURCE, ForwardedOutcome.UNTRUSTED_SOURCE,
				ForwardedOutcome.UNTRUSTED_SOURCE, ForwardedOutcome.MALFORMED);
		assertThat(output.toString().split("ignored forwarded client certificate header", -1)).hasSize(2);
		assertThat(output).contains("from 172.16.0.9")
			.contains("mTLS refused forwarded client certificate header X-Forwarded-Client-Cert from 10.0.0.1: invalid URL encoding");
	}

	@Test
	void rfc9440ReadsClientCertAndClientCertChainByDefault() throws Exception {
		ForwardedCertificates forwarded = rfc9440(new MtlsProxyProperties());
		assertThat(forwarded.header()).isEqualTo("Client-Cert");
		assertThat(forwarded.headers()).containsExactly("Client-Cert", "Client-Cert-Chain");
		Map<String, List<String>> request = Map.of("Client-Cert", List.of(byteSequence(CLIENT)), "Client-Cert-Chain",
				List.of(byteSequence(CA)));
		assertThat(forwarded.read(lines(request), "10.1.2.3", null).chain()).containsExactly(CLIENT.certificate(),
				CA.certificate());
		assertThat(forwarded(List.of("10.0.0.0/8"), List.of()).headers()).containsExactly("X-Forwarded-Client-Cert");
	}

	@Test
	void rfc9440RefusesAChainWithoutTheCertificateOrInTwoLines() throws Exception {
		ForwardedCertificates forwarded = rfc9440(new MtlsProxyProperties());
		ForwardedCertificates.Forwarded alone = forwarded
			.read(lines(Map.of("Client-Cert-Chain", List.of(byteSequence(CA)))), "10.1.2.3", null);
		assertThat(alone.outcome()).isEqualTo(ForwardedOutcome.MALFORMED);
		assertThat(alone.reason())
			.isEqualTo("Client-Cert-Chain without Client-Cert; the proxy must replace both headers");
		ForwardedCertificates.Forwarded twice = forwarded.read(lines(Map.of("Client-Cert",
				List.of(byteSequence(CLIENT)), "Client-Cert-Chain", List.of(byteSequence(PROXY), byteSequence(CA)))),
				"10.1.2.3", null);
		assertThat(twice.outcome()).isEqualTo(ForwardedOutcome.MALFORMED);
		assertThat(twice.reason()).startsWith("2 Client-Cert-Chain header lines");
		// From anyone else either header alone is ignored (and hidden from the application by the filters).
		assertThat(forwarded.read(lines(Map.of("Client-Cert-Chain", List.of(byteSequence(CA)))), "172.16.0.9", null)
			.outcome()).isEqualTo(ForwardedOutcome.UNTRUSTED_SOURCE);
		assertThat(this.outcomes).containsExactly(ForwardedOutcome.MALFORMED, ForwardedOutcome.MALFORMED,
				ForwardedOutcome.UNTRUSTED_SOURCE);
	}

	@Test
	void rfc9440HeadersMayBeRenamedButNotToTheSameName() throws Exception {
		MtlsProxyProperties properties = new MtlsProxyProperties();
		properties.setHeader("X-Client-Cert");
		properties.setChainHeader("X-Client-Cert-Chain");
		assertThat(rfc9440(properties).headers()).containsExactly("X-Client-Cert", "X-Client-Cert-Chain");
		properties.setChainHeader("x-client-cert");
		assertThatExceptionOfType(FailureAnalyzedException.class).isThrownBy(() -> rfc9440(properties))
			.withMessageContaining("mtls.proxy.chain-header 'x-client-cert'");
	}

	@Test
	void trustingNobodyFailsStartup() {
		assertThatExceptionOfType(FailureAnalyzedException.class).isThrownBy(() -> forwarded(List.of(), List.of()))
			.withMessageContaining("mtls.proxy.trusted-proxies")
			.withMessageContaining("no proxy is trusted");
	}

	@Test
	void verifyingWithoutATrustSetFailsStartup() {
		MtlsProxyProperties properties = new MtlsProxyProperties();
		properties.setTrustedProxies(List.of("10.0.0.0/8"));
		assertThatExceptionOfType(FailureAnalyzedException.class)
			.isThrownBy(() -> new ForwardedCertificates(properties, false, (certificate) -> null, List.of(),
					Clock.systemUTC(), Duration.ofMinutes(5)))
			.withMessageContaining("mtls.proxy.verify 'true': no trust set is configured (mtls.trust.certificates)")
			.satisfies((ex) -> assertThat(ex.analysis().getAction()).contains("mtls.trust.certificates")
				.contains("mtls.proxy.verify=false"));
		new ForwardedCertificates(properties, true, (certificate) -> null, List.of(), Clock.systemUTC(),
				Duration.ofMinutes(5));
		properties.setVerify(false);
		new ForwardedCertificates(properties, false, (certificate) -> null, List.of(), Clock.systemUTC(),
				Duration.ofMinutes(5));
	}

	@Test
	void anInvalidAddressFailsStartupNamingIt() {
		assertThatExceptionOfType(FailureAnalyzedException.class)
			.isThrownBy(() -> forwarded(List.of("proxy.internal"), List.of()))
			.withMessageContaining("mtls.proxy.trusted-proxies 'proxy.internal'");
	}

	private ForwardedCertificates rfc9440(MtlsProxyProperties properties) {
		properties.setEnabled(true);
		properties.setFormat(ForwardedCertificateFormat.RFC9440);
		properties.setTrustedProxies(List.of("10.0.0.0/8"));
		return new ForwardedCertificates(properties, (certificate) -> null, List.of(this.outcomes::add),
				Clock.fixed(Instant.now(), ZoneOffset.UTC), Duration.ofMinutes(5));
	}

	private static Function<String, List<String>> lines(Map<String, List<String>> request) {
		return (name) -> request.getOrDefault(name, List.of());
	}

	private static String byteSequence(IssuedCertificate certificate) throws Exception {
		return ":" + Base64.getEncoder().encodeToString(certificate.certificate().getEncoded()) + ":";
	}

	private ForwardedCertificates forwarded(List<String> addresses, List<String> peers) {
		MtlsProxyProperties properties = new MtlsProxyProperties();
		properties.setEnabled(true);
		properties.setFormat(ForwardedCertificateFormat.PEM_URL_ENCODED);
		properties.setTrustedProxies(addresses);
		properties.setTrustedProxyPeers(peers);
		properties.setAllowProxyIdentity(this.allowProxyIdentity);
		String cn = "CN=";
		return new ForwardedCertificates(properties,
				(certificate) -> certificate.getSubjectX500Principal().getName().substring(cn.length()),
				List.of(this.outcomes::add), Clock.fixed(Instant.now(), ZoneOffset.UTC), Duration.ofMinutes(5));
	}

}
