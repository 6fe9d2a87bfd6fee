package dev.mtls.boot.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReloadHistory}: what is kept, who is told and what is logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReloadHistoryTests {

	private static final String REFUSED = "mTLS reload refused";

	private final ReloadHistory history = new ReloadHistory();

	private Material inService;

	@BeforeEach
	void material(@TempDir Path directory) {
		TestPki pki = new TestPki(directory);
		IssuedCertificate server = pki.server("orders");
		this.inService = new Material(new Identity(server.chain(), server.privateKey()),
				new TrustSet(List.of(pki.root().certificate())));
	}

	@Test
	void keepsTheLastTenAttemptsNewestFirst() {
		assertThat(this.history.last()).isNull();
		List<ReloadOutcome> outcomes = new ArrayList<>();
		for (int i = 0; i < ReloadHistory.KEPT + 3; i++) {
			ReloadOutcome outcome = new ReloadOutcome(Instant.EPOCH.plusSeconds(i), null, "0" + i);
			outcomes.add(0, outcome);
			this.history.record(outcome, this.inService);
		}
		assertThat(this.history.recent()).containsExactlyElementsOf(outcomes.subList(0, ReloadHistory.KEPT));
		assertThat(this.history.last()).isEqualTo(outcomes.get(0));
	}

	@Test
	void listenersHearEveryAttempt() {
		List<ReloadOutcome> heard = new ArrayList<>();
		this.history.addListener(heard::add);
		ReloadOutcome unchanged = ReloadOutcome.unchanged(Instant.EPOCH, "01");
		ReloadOutcome refused = new ReloadOutcome(Instant.EPOCH, "unreadable", "01");
		this.history.record(unchanged, this.inService);
		this.history.record(refused, this.inService);
		assertThat(heard).containsExactly(unchanged, refused);
	}

	@Test
	void swapIsLoggedWithTheIdentityInService(CapturedOutput output) {
		this.history.record(new ReloadOutcome(Instant.EPOCH, null, "0a"), this.inService);
		assertThat(output).contains("mTLS material reloaded: identity "
				+ this.inService.identity().certificate().getSubjectX500Principal().getName()
				+ " serial 0a, 1 trusted CA certificate(s)");
	}

	@Test
	void refusalRepeatingThePreviousErrorIsNotLoggedAgain(CapturedOutput output) {
		this.history.record(new ReloadOutcome(Instant.EPOCH, "the key does not match", "01"), this.inService);
		this.history.record(new ReloadOutcome(Instant.EPOCH, "the key does not match", "01"), this.inService);
		assertThat(refusalLines(output)).isEqualTo(1);
		this.history.record(new ReloadOutcome(Instant.EPOCH, "the file does not exist", "01"), this.inService);
		assertThat(refusalLines(output)).isEqualTo(2);
		assertThat(output).contains(REFUSED + ", keeping the previous identity and trust set: the file does not exist");
	}

	private static long refusalLines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains(REFUSED)).count();
	}

}
