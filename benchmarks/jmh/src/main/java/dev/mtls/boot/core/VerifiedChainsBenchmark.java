package dev.mtls.boot.core;

import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a server pays to accept a client chain it has seen before: a hit in the starter's
 * {@link VerifiedChains} against the JDK's PKIX trust manager validating the same chain (leaf
 * issued by an intermediate, issued by the trusted root). Note that the JDK already remembers a
 * signature it has checked on the same certificate object (and interns certificates it parses),
 * so {@code jdkValidation} shows path validation without the elliptic-curve math; the math alone
 * is {@code signatureCheck}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VerifiedChainsBenchmark {

	private X509Certificate[] chain;

	private IssuedCertificate intermediate;

	private X509ExtendedTrustManager jdk;

	private RememberingTrustManager remembering;

	@Setup
	public void setUp() throws Exception {
		IssuedCertificate root = new CertificateBuilder().subject("CN=Benchmark Root").authority().issue();
		this.intermediate = new CertificateBuilder().subject("CN=Benchmark Intermediate")
			.authority()
			.issuedBy(root)
			.issue();
		IssuedCertificate client = new CertificateBuilder().subject("CN=orders")
			.uri("spiffe://shop.example/ns/prod/sa/orders")
			.issuedBy(this.intermediate)
			.issue();
		this.chain = new X509Certificate[] { client.certificate(), this.intermediate.certificate() };
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("root", root.certificate());
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(store);
		this.jdk = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
		this.remembering = new RememberingTrustManager(this.jdk, new VerifiedChains(10_000), Clock.systemUTC());
		this.remembering.checkClientTrusted(this.chain, "UNKNOWN");
	}

	@Benchmark
	public void rememberedChain() throws CertificateException {
		this.remembering.checkClientTrusted(this.chain, "UNKNOWN");
	}

	@Benchmark
	public void jdkValidation() throws CertificateException {
		this.jdk.checkClientTrusted(this.chain, "UNKNOWN");
	}

	@Benchmark
	public boolean signatureCheck() throws Exception {
		Signature signature = Signature.getInstance(this.chain[0].getSigAlgName());
		signature.initVerify(this.intermediate.certificate().getPublicKey());
		signature.update(this.chain[0].getTBSCertificate());
		return signature.verify(this.chain[0].getSignature());
	}

}
