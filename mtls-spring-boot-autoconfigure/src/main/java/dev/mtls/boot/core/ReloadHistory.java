package dev.mtls.boot.core;

import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The reload attempts of the material: the last one (health), the last ten (the endpoint), the
 * listeners told of each (metrics) and a log line for each. A refusal with the same error as the
 * attempt before it (another file event, a retry of the same bad file) is not logged again.
 *
 * @author mtls-spring-boot
 */
final class ReloadHistory {

	// Reload lines keep the category they have always had.
	private static final Log logger = LogFactory.getLog(MtlsMaterial.class);

	static final int KEPT = 10;

	private final Deque<ReloadOutcome> recent = new ConcurrentLinkedDeque<>();

	private final List<Consumer<ReloadOutcome>> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable ReloadOutcome last;

	void addListener(Consumer<ReloadOutcome> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Log an attempt, remember it and tell the listeners.
	 * @param outcome the attempt's outcome
	 * @param inService the material in service after it
	 */
	void record(ReloadOutcome outcome, Material inService) {
		log(outcome, inService);
		this.last = outcome;
		this.recent.addFirst(outcome);
		while (this.recent.size() > KEPT) {
			this.recent.removeLast();
		}
		for (Consumer<ReloadOutcome> listener : this.listeners) {
			listener.accept(outcome);
		}
	}

	private void log(ReloadOutcome outcome, Material inService) {
		if (outcome.unchanged()) {
			logger.debug("mTLS material unchanged, nothing swapped");
		}
		else if (outcome.success()) {
			logger.info("mTLS material reloaded: identity "
					+ inService.identity().certificate().getSubjectX500Principal().getName() + " serial "
					+ outcome.serial() + ", " + inService.trust().anchors().size() + " trusted CA certificate(s)");
		}
		else if (this.last == null || !Objects.equals(outcome.error(), this.last.error())) {
			logger.warn("mTLS reload refused, keeping the previous identity and trust set: " + outcome.error());
		}
	}

	/**
	 * Return the last attempt.
	 * @return its outcome, or {@code null} if none was made
	 */
	@Nullable ReloadOutcome last() {
		return this.last;
	}

	/**
	 * Return the last {@value #KEPT} attempts, newest first.
	 * @return their outcomes
	 */
	List<ReloadOutcome> recent() {
		return List.copyOf(this.recent);
	}

}
