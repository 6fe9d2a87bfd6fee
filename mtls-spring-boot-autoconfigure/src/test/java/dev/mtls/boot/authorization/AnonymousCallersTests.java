package dev.mtls.boot.authorization;

import java.time.Instant;
import java.util.List;

import dev.mtls.boot.authorization.AnonymousCallers.Caller;
import dev.mtls.boot.authorization.DecisionCounts.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list of callers without a certificate stays bounded, and callers that invent addresses cannot
 * keep one that is still calling out of it.
 */
class AnonymousCallersTests {

	private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

	private final AnonymousCallers callers = new AnonymousCallers();

	@Test
	void countsEachCallerMethodAndPathOnce() {
		this.callers.seen("10.0.0.1", "GET", "/orders/{id}", Outcome.AUDITED, START);
		this.callers.seen("10.0.0.1", "GET", "/orders/{id}", Outcome.AUDITED, START.plusSeconds(1));
		List<Caller> recent = this.callers.recent();
		assertThat(recent).singleElement().satisfies((caller) -> {
			assertThat(caller.count()).isEqualTo(2);
			assertThat(caller.firstSeen()).isEqualTo(START);
			assertThat(caller.lastSeen()).isEqualTo(START.plusSeconds(1));
		});
	}

	@Test
	void inventedAddressesThatFilledTheListGiveWayToACallerStillCalling() {
		for (int i = 0; i < 1_000; i++) {
			this.callers.seen("192.0.2." + i, "GET", "/orders", Outcome.AUDITED, START.plusSeconds(i));
		}
		this.callers.seen("10.0.0.1", "GET", "/orders", Outcome.AUDITED, START.plusSeconds(1_000));
		this.callers.seen("10.0.0.1", "GET", "/orders", Outcome.AUDITED, START.plusSeconds(1_001));
		List<Caller> recent = this.callers.recent();
		// At most MAX_ENTRIES callers, and one entry counting those who gave way.
		assertThat(recent).hasSize(AnonymousCallers.MAX_ENTRIES + 1);
		assertThat(recent.get(0)).satisfies((caller) -> {
			assertThat(caller.address()).isEqualTo("10.0.0.1");
			assertThat(caller.count()).isEqualTo(2);
		});
		assertThat(recent).filteredOn((caller) -> caller.address().equals(AnonymousCallers.MORE))
			.singleElement()
			.satisfies((more) -> assertThat(more.count()).isEqualTo(1_002 - sum(recent, more)));
	}

	private static long sum(List<Caller> callers, Caller except) {
		return callers.stream().filter((caller) -> caller != except).mapToLong(Caller::count).sum();
	}

}
