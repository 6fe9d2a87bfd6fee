package dev.mtls.boot.core;

import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Who is told about material updates, reload attempts and refused peers (metrics, health), and the
 * recent reload history.
 *
 * @author mtls-spring-boot
 */
final class MaterialEvents {

	private static final Log logger = LogFactory.getLog(MaterialEvents.class);

	private static final int RELOAD_HISTORY = 10;

	private final List<Runnable> updateListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<ReloadOutcome>> reloadListeners = new CopyOnWriteArrayList<>();

	private final List<HandshakeFailureListener> failureListeners = new CopyOnWriteArrayList<>();

	private final Deque<ReloadOutcome> reloadHistory = new ConcurrentLinkedDeque<>();

	void addUpdateListener(Runnable listener) {
		this.updateListeners.add(listener);
	}

	void addReloadListener(Consumer<ReloadOutcome> listener) {
		this.reloadListeners.add(listener);
	}

	void addFailureListener(HandshakeFailureListener listener) {
		this.failureListeners.add(listener);
	}

	void updated() {
		for (Runnable listener : this.updateListeners) {
			// The material is in service now; a failing listener must not make the swap look failed.
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.warn("mTLS material update listener failed: " + ex.getMessage(), ex);
			}
		}
	}

	void reloaded(ReloadOutcome outcome) {
		this.reloadHistory.addFirst(outcome);
		while (this.reloadHistory.size() > RELOAD_HISTORY) {
			this.reloadHistory.removeLast();
		}
		for (Consumer<ReloadOutcome> listener : this.reloadListeners) {
			listener.accept(outcome);
		}
	}

	void failed(String side, RefusalReason reason) {
		for (HandshakeFailureListener listener : this.failureListeners) {
			listener.failed(side, reason);
		}
	}

	List<ReloadOutcome> reloadHistory() {
		return List.copyOf(this.reloadHistory);
	}

}
