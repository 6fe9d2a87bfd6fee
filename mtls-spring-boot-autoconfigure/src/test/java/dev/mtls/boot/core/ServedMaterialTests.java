package dev.mtls.boot.core;

import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.X509ExtendedKeyManager;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServedMaterial}: the stores and managers built from material.
 */
class ServedMaterialTests {

	private TestPki pki;

	private IssuedCertificate server;

	@BeforeEach
	void pki(@TempDir Path directory) {
		this.pki = new TestPki(directory);
		this.server = this.pki.server("orders");
	}

	@Test
	void keyManagerServesTheIdentityUnderTheBundleAlias() throws Exception {
		ServedMaterial served = serve(new TrustSet(List.of(this.pki.root().certificate())));
		assertThat(served.keyManager().getCertificateChain(MtlsMaterial.KEY_ALIAS))
			.containsExactlyElementsOf(this.server.chain());
		assertThat(served.keyManager().getPrivateKey(MtlsMaterial.KEY_ALIAS)).isEqualTo(this.server.privateKey());
		assertThat(Collections.list(served.keyStore().aliases())).containsExactly(MtlsMaterial.KEY_ALIAS);
	}

	@Test
	void trustManagerTrustsTheTrustSetOnly() throws Exception {
		ServedMaterial served = serve(new TrustSet(List.of(this.pki.root().certificate())));
		assertThat(served.trustManager().getAcceptedIssuers()).containsExactly(this.pki.root().certificate());
		assertThat(served.trustStore().size()).isOne();
	}

	@Test
	void withoutATrustSetClientsFallBackToTheJdkDefaultCas() {
		ServedMaterial served = serve(TrustSet.NONE);
		assertThat(served.trustStore()).isNull();
		assertThat(served.trustManager().getAcceptedIssuers()).isNotEmpty()
			.doesNotContain(this.pki.root().certificate());
	}

	@Test
	void newGenerationKeepsTheMaterialAndItsManagers() {
		ServedMaterial served = serve(TrustSet.NONE);
		Provider provider = Security.getProvider("SunJSSE");
		ServedMaterial next = served.at(8);
		assertThat(next.generation()).isEqualTo(8);
		assertThat(next.material()).isSameAs(served.material());
		assertThat(next.keyManager()).isSameAs(served.keyManager());
		assertThat(next.trustManager()).isSameAs(served.trustManager());
		assertThat(next.keyManager(provider)).isSameAs(served.keyManager(provider));
	}

	@Test
	void providerKeyManagerServesTheSameIdentity() {
		X509ExtendedKeyManager keyManager = serve(TrustSet.NONE).keyManager(Security.getProvider("SunJSSE"));
		// The PKIX key manager names entries in its own way; it finds the identity by key type.
		String alias = keyManager.chooseServerAlias("EC", null, null);
		assertThat(keyManager.getCertificateChain(alias)).containsExactlyElementsOf(this.server.chain());
	}

	private ServedMaterial serve(TrustSet trust) {
		Material material = new Material(new Identity(this.server.chain(), this.server.privateKey()), trust);
		return ServedMaterial.of(material, 7, new VerifiedChains(10), Clock.systemUTC());
	}

}
