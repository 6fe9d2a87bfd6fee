package dev.mtls.boot.revocation;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.core.MtlsMaterial;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Fetches HTTP CRLs when they are due, off the handshake path; a changed CRL clears cached answers
 * and makes peers be verified again before their next request.
 *
 * @author mtls-spring-boot
 */
final class CrlRefresher implements SmartLifecycle {

	private static final long PERIOD_SECONDS = 1;

	private final CrlStore crls;

	private final RevocationCheck check;

	private final MtlsMaterial material;

	private volatile @Nullable ScheduledExecutorService scheduler;

	CrlRefresher(CrlStore crls, RevocationCheck check, MtlsMaterial material) {
		this.crls = crls;
		this.check = check;
		this.material = material;
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "mtls-crl-refresh");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(this::refresh, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
		this.scheduler = scheduler;
	}

	void refresh() {
		if (this.crls.refreshDue()) {
			this.check.clear();
			this.material.invalidatePeers();
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
