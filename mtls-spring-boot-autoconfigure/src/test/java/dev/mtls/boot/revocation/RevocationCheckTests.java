package dev.mtls.boot.revocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mtls.boot.core.MtlsAutoConfiguration;
import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.MutableClock;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * What {@link RevocationCheck} decides for chains as callers present them: on the path PKIX builds
 * to the trust set, remembered per path; one lookup per path however many handshakes ask at once;
 * answers kept for the cache TTL, an unknown one for a short while.
 */
class RevocationCheckTests {

	@TempDir
	Path directory;

	private TestPki pki;

	private IssuedCertificate good;

	private IssuedCertificate revoked;

	private ApplicationContextRunner runner;

	private final Lookups lookups = new Lookups();

	@BeforeEach
	void runner() throws Exception {
		this.pki = new TestPki(this.directory);
		this.good = this.pki.client("good");
		this.revoked = this.pki.client("revoked");
		Path crl = Files.writeString(this.directory.resolve("root.crl"),
				TestPki.crl(this.pki.root(), Duration.ofDays(1), this.revoked));
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsAutoConfiguration.class,
					MtlsRevocationAutoConfiguration.class))
			.withPropertyValues(this.pki.properties("app"))
			.withPropertyValues("mtls.revocation.mode=crl", "mtls.revocation.crl-locations=file:" + crl);
	}

	@Test
	void paddedChainIsAnsweredForTheLeafsOwnPath() {
		X509Certificate padding = this.pki.selfSignedCopyOf("padding").certificate();
		this.runner.run((context) -> {
			RevocationCheck check = context.getBean(RevocationCheck.class);
			assertThatNoException().isThrownBy(() -> check.check(chain(this.good.certificate(), padding), true));
			assertThatNoException().isThrownBy(() -> check.check(chain(this.good.certificate()), true));
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.revoked.certificate(), padding), true))
				.withMessageStartingWith("Certificate revoked");
			// One answer per built path, however the chains were padded.
			assertThat(check.cachedAnswers()).isEqualTo(2);
		});
	}

	@Test
	void chainWithoutPathToTheTrustSetIsRefusedAndNotRemembered() {
		IssuedCertificate stranger = this.pki.selfSignedCopyOf("stranger");
		this.runner.withPropertyValues("mtls.revocation.soft-fail=true").run((context) -> {
			RevocationCheck check = context.getBean(RevocationCheck.class);
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(stranger.certificate(), this.pki.root().certificate()), true))
				.withMessageStartingWith("No certification path");
			assertThat(check.cachedAnswers()).isZero();
		});
	}

	@AfterEach
	void stopLookups() {
		this.lookups.close();
	}

	@Test
	void concurrentChecksOfOnePathShareOneLookup() {
		this.runner.withPropertyValues("mtls.revocation.timeout=20s").run((context) -> {
			RevocationCheck check = check(context, Clock.systemUTC());
			this.lookups.hold();
			ExecutorService handshakes = Executors.newFixedThreadPool(8);
			try {
				List<Future<?>> results = new ArrayList<>();
				List<Thread> waiting = new CopyOnWriteArrayList<>();
				for (int i = 0; i < 8; i++) {
					results.add(handshakes.submit(() -> {
						waiting.add(Thread.currentThread());
						check.check(chain(this.good.certificate()), true);
						return null;
					}));
				}
				// Every handshake is waiting for the one lookup, which has not run yet.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> waiting.size() == 8
							&& waiting.stream().allMatch((thread) -> thread.getState() == Thread.State.TIMED_WAITING));
				assertThat(this.lookups.started()).isEqualTo(1);
				this.lookups.release();
				for (Future<?> result : results) {
					result.get(10, TimeUnit.SECONDS);
				}
				assertThat(this.lookups.started()).isEqualTo(1);
			}
			finally {
				handshakes.shutdownNow();
			}
		});
	}

	@Test
	void answerIsKeptForTheCacheTtlThenLookedUpAgain() {
		MutableClock clock = new MutableClock(Instant.now());
		this.runner.withPropertyValues("mtls.revocation.cache-ttl=5m").run((context) -> {
			RevocationCheck check = check(context, clock);
			check.check(chain(this.good.certificate()), true);
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.revoked.certificate()), true));
			assertThat(this.lookups.started()).isEqualTo(2);
			clock.advance(Duration.ofMinutes(4));
			check.check(chain(this.good.certificate()), true);
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.revoked.certificate()), true));
			assertThat(this.lookups.started()).isEqualTo(2);
			clock.advance(Duration.ofMinutes(1));
			check.check(chain(this.good.certificate()), true);
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.revoked.certificate()), true));
			assertThat(this.lookups.started()).isEqualTo(4);
		});
	}

	@Test
	void answerIsKeptNoLongerThanTheCrlsNextUpdate() throws Exception {
		MutableClock clock = new MutableClock(Instant.now());
		Path crl = Files.writeString(this.directory.resolve("short.crl"),
				TestPki.crl(this.pki.root(), Duration.ofMinutes(2), this.revoked));
		this.runner.withPropertyValues("mtls.revocation.cache-ttl=1h", "mtls.revocation.crl-locations=file:" + crl)
			.run((context) -> {
				RevocationCheck check = check(context, clock);
				check.check(chain(this.good.certificate()), true);
				clock.advance(Duration.ofMinutes(1));
				check.check(chain(this.good.certificate()), true);
				assertThat(this.lookups.started()).isEqualTo(1);
				// Past the CRL's nextUpdate: asked again (and, with no newer CRL and beyond the JDK's
				// 15 minutes of clock skew, unknown).
				clock.advance(Duration.ofMinutes(20));
				assertThatExceptionOfType(CertificateException.class)
					.isThrownBy(() -> check.check(chain(this.good.certificate()), true));
				assertThat(this.lookups.started()).isEqualTo(2);
			});
	}

	@Test
	void lookupSlowerThanTheTimeoutIsUnknownForAWhileThenReplacedByItsAnswer() {
		MutableClock clock = new MutableClock(Instant.now());
		this.runner.withPropertyValues("mtls.revocation.timeout=300ms").run((context) -> {
			RevocationCheck check = check(context, clock);
			this.lookups.hold();
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.good.certificate()), true))
				.withMessage("Revocation status unknown: no answer within PT0.3S");
			// Remembered: the next handshakes are refused at once, not after another timeout.
			clock.advance(Duration.ofSeconds(20));
			long start = System.nanoTime();
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.good.certificate()), true))
				.withMessageContaining("no answer within");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
			assertThat(this.lookups.started()).isEqualTo(1);
			// The lookup goes on and its answer replaces the unknown one.
			this.lookups.release();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThatNoException()
					.isThrownBy(() -> check.check(chain(this.good.certificate()), true)));
			assertThat(this.lookups.started()).isEqualTo(1);
		});
	}

	@Test
	void unknownStatusIsAllowedOnlyWithSoftFail() {
		// Issued by the intermediate, whose CRL nobody published: the status cannot be known.
		IssuedCertificate unknown = this.pki.client("unknown", this.pki.intermediate());
		this.runner.run((context) -> {
			RevocationCheck check = check(context, Clock.systemUTC());
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(unknown.chain().toArray(X509Certificate[]::new), true))
				.withMessageStartingWith("Revocation status unknown")
				.havingCause()
				.isInstanceOfSatisfying(CertPathValidatorException.class, (cause) -> assertThat(cause.getReason())
					.isEqualTo(BasicReason.UNDETERMINED_REVOCATION_STATUS));
		});
		this.runner.withPropertyValues("mtls.revocation.soft-fail=true").run((context) -> {
			RevocationCheck check = check(context, Clock.systemUTC());
			assertThatNoException()
				.isThrownBy(() -> check.check(unknown.chain().toArray(X509Certificate[]::new), true));
			// Soft-fail never lets a revoked certificate in.
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.revoked.certificate()), true))
				.withMessageStartingWith("Certificate revoked");
		});
	}

	@Test
	void serverChainsAreCheckedOnlyWhenAskedTo() {
		this.runner.run((context) -> {
			RevocationCheck check = check(context, Clock.systemUTC());
			assertThatNoException().isThrownBy(() -> check.check(chain(this.revoked.certificate()), false));
			assertThat(this.lookups.started()).isZero();
		});
		this.runner.withPropertyValues("mtls.revocation.check-servers=true").run((context) -> {
			RevocationCheck check = check(context, Clock.systemUTC());
			assertThatExceptionOfType(CertificateException.class)
				.isThrownBy(() -> check.check(chain(this.revoked.certificate()), false))
				.withMessageStartingWith("Certificate revoked");
		});
	}

	/**
	 * A check over the context's material and CRLs whose lookups run on {@link #lookups} and
	 * whose time is the given clock.
	 */
	private RevocationCheck check(AssertableApplicationContext context, Clock clock) {
		return new RevocationCheck(context.getBean(MtlsMaterial.class), context.getBean(CrlStore.class),
				context.getBean(MtlsRevocationProperties.class), this.lookups, clock);
	}

	private static X509Certificate[] chain(X509Certificate... certificates) {
		return certificates;
	}

	/**
	 * Runs lookups on a thread of its own, counting them; can hold them until released.
	 */
	private static final class Lookups implements Executor {

		private final ExecutorService threads = Executors.newCachedThreadPool();

		private final AtomicInteger started = new AtomicInteger();

		private volatile CountDownLatch release = new CountDownLatch(0);

		@Override
		public void execute(Runnable lookup) {
			this.started.incrementAndGet();
			CountDownLatch release = this.release;
			this.threads.execute(() -> {
				try {
					release.await();
					lookup.run();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}

		void hold() {
			this.release = new CountDownLatch(1);
		}

		void release() {
			this.release.countDown();
		}

		int started() {
			return this.started.get();
		}

		void close() {
			release();
			this.threads.shutdownNow();
		}

	}

}
