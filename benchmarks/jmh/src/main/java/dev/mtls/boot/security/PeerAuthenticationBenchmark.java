package dev.mtls.boot.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.core.MtlsProperties;
import dev.mtls.boot.core.PrincipalMode;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What turning a verified peer certificate into a principal with authorities costs: principal
 * extraction per mode, grant matching against 1, 10 or 100 glob grants, and the per-request path
 * ({@link PeerAuthenticator#authenticate} on its per-certificate cache) against resolving from
 * scratch on every request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerAuthenticationBenchmark {

	private static final String PEER = "spiffe://shop.example/ns/prod/sa/orders";

	@Param({ "1", "10", "100" })
	int grants;

	private X509Certificate leaf;

	private X509Certificate[] chain;

	private Grants configured;

	private PeerAuthenticator authenticator;

	@Setup
	public void setUp() {
		IssuedCertificate ca = new CertificateBuilder().subject("CN=Benchmark CA").authority().issue();
		IssuedCertificate client = new CertificateBuilder().subject("CN=orders,O=shop").uri(PEER).issuedBy(ca).issue();
		this.leaf = client.certificate();
		this.chain = new X509Certificate[] { this.leaf };
		List<MtlsProperties.Grant> grants = new ArrayList<>();
		for (int i = 1; i < this.grants; i++) {
			grants.add(grant("spiffe://shop.example/ns/*/sa/service-" + i));
		}
		// The matching grant is the last one: the worst case for a linear scan.
		grants.add(grant("spiffe://shop.example/ns/*/sa/orders"));
		this.configured = Grants.of(grants);
		this.authenticator = new PeerAuthenticator(PrincipalMode.SPIFFE_ID_OR_CN, this.configured, null);
		this.authenticator.authenticate(this.chain);
	}

	private static MtlsProperties.Grant grant(String peer) {
		MtlsProperties.Grant grant = new MtlsProperties.Grant();
		grant.setPeer(peer);
		grant.setAuthorities(List.of("SCOPE_read"));
		return grant;
	}

	@Benchmark
	public String principalSpiffeIdOrCn() {
		return CertificateNames.principalName(PrincipalMode.SPIFFE_ID_OR_CN, this.leaf);
	}

	@Benchmark
	public String principalCn() {
		return CertificateNames.principalName(PrincipalMode.CN, this.leaf);
	}

	@Benchmark
	public String principalDn() {
		return CertificateNames.principalName(PrincipalMode.DN, this.leaf);
	}

	@Benchmark
	public Object grantMatching() {
		return this.configured.authoritiesFor(PEER);
	}

	@Benchmark
	public Object authenticateCached() {
		return this.authenticator.authenticate(this.chain);
	}

	@Benchmark
	public Object authenticateWithoutCache() {
		return new PeerAuthenticator(PrincipalMode.SPIFFE_ID_OR_CN, this.configured, null).authenticate(this.chain);
	}

}
