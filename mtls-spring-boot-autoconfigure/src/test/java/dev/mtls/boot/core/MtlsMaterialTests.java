package dev.mtls.boot.core;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.SslOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MtlsMaterial}: updates, reloads and generations, without a server.
 */
class MtlsMaterialTests {

	@TempDir
	Path directory;

	private TestPki pki;

	private TestPki otherPki;

	private Material first;

	private Material second;

	private MtlsMaterial material;

	@BeforeEach
	void load() {
		this.pki = new TestPki(this.directory);
		this.otherPki = new TestPki(this.directory);
		this.first = material(this.pki.server("first"), this.pki.root());
		this.second = material(this.otherPki.server("second"), this.otherPki.root());
		this.material = new MtlsMaterial(SslOptions.NONE, Clock.systemUTC());
	}

	@Test
	void updateSwapsIdentityAndTrustTogetherInOneGeneration() {
		this.material.update(this.first);
		long generation = this.material.generation();
		X509KeyManager keyManager = keyManager();
		X509TrustManager trustManager = trustManager();
		this.material.update(this.second);
		assertThat(this.material.generation()).isEqualTo(generation + 1);
		assertThat(this.material.identity()).isEqualTo(this.second.identity());
		assertThat(this.material.trust()).isEqualTo(this.second.trust());
		// The managers servers and clients already hold follow the update.
		assertThat(keyManager.getCertificateChain(MtlsMaterial.KEY_ALIAS)[0])
			.isEqualTo(this.second.identity().certificate());
		assertThat(trustManager.getAcceptedIssuers()).containsExactly(this.otherPki.root().certificate());
	}

	@Test
	void reloadFromABrokenSourceKeepsTheMaterialAndSaysWhy() {
		this.material.update(this.first);
		long generation = this.material.generation();
		this.material.reloadFrom(() -> {
			throw ConfigurationProblem.of("mtls.identity.certificate", "file:/nowhere.crt", "the file does not exist.",
					"Mount the secret.");
		});
		ReloadOutcome outcome = this.material.reload();
		assertThat(outcome.success()).isFalse();
		assertThat(outcome.error()).contains("mtls.identity.certificate", "the file does not exist", "Mount the secret.");
		assertThat(outcome.serial()).isEqualTo(serial(this.first));
		assertThat(this.material.identity()).isEqualTo(this.first.identity());
		assertThat(this.material.generation()).isEqualTo(generation);
		assertThat(this.material.lastReload()).isEqualTo(outcome);
	}

	@Test
	void reloadOfABrokenChainKeepsTheMaterial() {
		this.material.update(this.first);
		IssuedCertificate leaf = this.pki.client("broken", this.pki.intermediate());
		// Leaf followed by a certificate that did not issue it.
		Material broken = new Material(new Identity(List.of(leaf.certificate(), this.otherPki.root().certificate()),
				leaf.privateKey()), this.first.trust());
		this.material.reloadFrom(() -> broken);
		ReloadOutcome outcome = this.material.reload();
		assertThat(outcome.success()).isFalse();
		assertThat(outcome.error()).contains("the new chain is broken");
		assertThat(this.material.identity()).isEqualTo(this.first.identity());
	}

	@Test
	void reloadOfIdenticalMaterialIsUnchanged() {
		this.material.update(this.first);
		long generation = this.material.generation();
		List<Object> updates = new ArrayList<>();
		this.material.addUpdateListener(() -> updates.add("updated"));
		// Equal content in new objects, as a re-read of the same files gives.
		this.material.reloadFrom(() -> new Material(
				new Identity(new ArrayList<>(this.first.identity().chain()), this.first.identity().privateKey()),
				new TrustSet(new ArrayList<>(this.first.trust().anchors()))));
		ReloadOutcome outcome = this.material.reload();
		assertThat(outcome.success()).isTrue();
		assertThat(outcome.unchanged()).isTrue();
		assertThat(this.material.generation()).isEqualTo(generation);
		assertThat(updates).isEmpty();
	}

	@Test
	void updateListenersRunAfterUpdatesButNotOnTheFirstLoad() {
		List<X509Certificate> seen = new ArrayList<>();
		this.material.addUpdateListener(() -> seen.add(this.material.identity().certificate()));
		this.material.update(this.first);
		assertThat(seen).isEmpty();
		this.material.reloadFrom(() -> this.second);
		assertThat(this.material.reload().success()).isTrue();
		// The listener runs once the new material is in service.
		assertThat(seen).containsExactly(this.second.identity().certificate());
		this.material.reloadFrom(() -> {
			throw new IllegalStateException("unreadable");
		});
		this.material.reload();
		assertThat(seen).hasSize(1);
	}

	@Test
	void reloadListenersHearEveryAttempt() {
		this.material.update(this.first);
		List<ReloadOutcome> outcomes = new ArrayList<>();
		this.material.addReloadListener(outcomes::add);
		this.material.reloadFrom(() -> this.first);
		this.material.reload();
		this.material.reloadFrom(() -> this.second);
		this.material.reload();
		assertThat(outcomes).extracting(ReloadOutcome::unchanged).containsExactly(true, false);
		assertThat(this.material.reloadHistory()).containsExactly(outcomes.get(1), outcomes.get(0));
	}

	@Test
	void invalidatePeersBumpsTheGenerationAndKeepsTheMaterial() {
		this.material.update(this.first);
		long generation = this.material.generation();
		this.material.invalidatePeers();
		assertThat(this.material.generation()).isEqualTo(generation + 1);
		assertThat(this.material.identity()).isEqualTo(this.first.identity());
		assertThat(this.material.trust()).isEqualTo(this.first.trust());
	}

	@Test
	void invalidatePeersDuringAReloadNeverRevertsIt() throws Exception {
		int invalidators = 3;
		for (int round = 0; round < 100; round++) {
			this.material.update(this.first);
			this.material.reloadFrom(() -> this.second);
			CyclicBarrier start = new CyclicBarrier(invalidators + 1);
			AtomicBoolean reloaded = new AtomicBoolean();
			AtomicReference<String> backwards = new AtomicReference<>();
			CountDownLatch done = new CountDownLatch(invalidators);
			for (int i = 0; i < invalidators; i++) {
				Thread thread = new Thread(() -> {
					try {
						start.await();
						long last = 0;
						// Keep invalidating until the reload is over, and a little after.
						for (int calls = 0; !reloaded.get() || calls < 20; calls++) {
							this.material.invalidatePeers();
							long generation = this.material.generation();
							if (generation < last) {
								backwards.set(last + " -> " + generation);
							}
							last = generation;
						}
					}
					catch (Exception ex) {
						backwards.set(ex.toString());
					}
					finally {
						done.countDown();
					}
				});
				thread.setDaemon(true);
				thread.start();
			}
			start.await();
			assertThat(this.material.reload().success()).isTrue();
			reloaded.set(true);
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(backwards).as("generation went backwards in round %d", round).hasValue(null);
			assertThat(this.material.identity()).as("identity after round %d", round).isEqualTo(this.second.identity());
			assertThat(this.material.trust()).isEqualTo(this.second.trust());
		}
	}

	private X509KeyManager keyManager() {
		return (X509KeyManager) this.material.bundle().getManagers().getKeyManagers()[0];
	}

	private X509TrustManager trustManager() {
		return (X509TrustManager) this.material.bundle().getManagers().getTrustManagers()[0];
	}

	private static String serial(Material material) {
		return material.identity().certificate().getSerialNumber().toString(16);
	}

	private static Material material(IssuedCertificate identity, IssuedCertificate ca) {
		return new Material(new Identity(identity.chain(), identity.privateKey()),
				new TrustSet(List.of(ca.certificate())));
	}

}
