package dev.mtls.boot.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What runs after new material went into service: server contexts built again, Boot's bundle
 * update, expiry gauges. The material is in service by then, so a failing listener is logged and
 * neither makes the swap look failed nor keeps the other listeners from running.
 *
 * @author mtls-spring-boot
 */
final class UpdateListeners {

	private static final Log logger = LogFactory.getLog(UpdateListeners.class);

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	void add(Runnable listener) {
		this.listeners.add(listener);
	}

	void updated() {
		for (Runnable listener : this.listeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.warn("mTLS material update listener failed: " + ex.getMessage(), ex);
			}
		}
	}

}
