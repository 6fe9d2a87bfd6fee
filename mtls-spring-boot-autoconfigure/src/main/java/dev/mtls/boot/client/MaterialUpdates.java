package dev.mtls.boot.client;

import java.util.concurrent.atomic.AtomicLong;

import dev.mtls.boot.core.MtlsMaterial;

/**
 * Counts updates of the identity and trust set, so that a client can tell it was built for
 * material no longer in service. One listener serves every client: a client built per request must
 * not leave a listener behind.
 *
 * @author mtls-spring-boot
 */
final class MaterialUpdates {

	private final AtomicLong count = new AtomicLong();

	MaterialUpdates(MtlsMaterial material) {
		material.addUpdateListener(this.count::incrementAndGet);
	}

	long count() {
		return this.count.get();
	}

}
