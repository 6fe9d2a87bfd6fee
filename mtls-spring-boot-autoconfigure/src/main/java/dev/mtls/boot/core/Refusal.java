package dev.mtls.boot.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A refused peer as the {@code mtls} endpoint shows it: who, why, when and how often.
 *
 * @param side {@code server} when this service refused a client, {@code client} when it refused a
 * server
 * @param subject the peer certificate's subject, or {@code (none)}
 * @param issuer the peer certificate's issuer, or {@code (none)}
 * @param serial the peer certificate's serial, or {@code (none)}
 * @param reason why, as in the {@code mtls.handshake.failures} metric
 * @param detail the underlying message
 * @param remote the peer's address, if known
 * @param firstSeen the first refusal
 * @param lastSeen the latest refusal
 * @param count how many times
 * @author mtls-spring-boot
 */
public record Refusal(String side, String subject, String issuer, String serial, String reason, @Nullable String detail,
		@Nullable String remote, Instant firstSeen, Instant lastSeen, long count) {

	Refusal again(Instant now, @Nullable String remote) {
		return new Refusal(this.side, this.subject, this.issuer, this.serial, this.reason, this.detail,
				(remote != null) ? remote : this.remote, this.firstSeen, now, this.count + 1);
	}

}
