package dev.mtls.boot.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * An HTTP client (request factory or connector) built for the material in service and built again
 * after every update. Building anew is what retires the old identity: the new client has its own
 * connection pool and TLS session cache, so no pooled connection or resumed session presents a
 * replaced certificate or skips the check of a trust set that changed. The replaced client takes no
 * new requests; it is closed once the requests it serves have finished, if it can be closed.
 *
 * @param <T> the client type
 * @author mtls-spring-boot
 */
final class ClientGenerations<T> {

	private static final Log logger = LogFactory.getLog(ClientGenerations.class);

	private final LongSupplier updates;

	private final Supplier<T> builder;

	private @Nullable Generation<T> current;

	/**
	 * Create an instance.
	 * @param updates the number of material updates so far ({@link MaterialUpdates#count()})
	 * @param builder builds a client for the material in service
	 */
	ClientGenerations(LongSupplier updates, Supplier<T> builder) {
		this.updates = updates;
		this.builder = builder;
	}

	/**
	 * Return the client for the material in service, to be released when its request is over.
	 * @return the lease
	 */
	Lease<T> lease() {
		Generation<T> replaced = null;
		Lease<T> lease;
		synchronized (this) {
			long update = this.updates.getAsLong();
			if (this.current == null || this.current.update != update) {
				Generation<T> built = new Generation<>(this.builder.get(), update);
				replaced = this.current;
				this.current = built;
			}
			lease = this.current.lease();
		}
		if (replaced != null) {
			replaced.retire();
		}
		return lease;
	}

	/**
	 * One client in use for one request.
	 *
	 * @param <T> the client type
	 */
	static final class Lease<T> {

		private final Generation<T> generation;

		private final AtomicBoolean released = new AtomicBoolean();

		private Lease(Generation<T> generation) {
			this.generation = generation;
		}

		T client() {
			return this.generation.client;
		}

		void release() {
			if (this.released.compareAndSet(false, true)) {
				this.generation.released();
			}
		}

	}

	private static final class Generation<T> {

		private final T client;

		private final long update;

		private final AtomicInteger leases = new AtomicInteger();

		private final AtomicBoolean closed = new AtomicBoolean();

		private volatile boolean retired;

		Generation(T client, long update) {
			this.client = client;
			this.update = update;
		}

		Lease<T> lease() {
			this.leases.incrementAndGet();
			return new Lease<>(this);
		}

		void released() {
			if (this.leases.decrementAndGet() == 0) {
				closeIfIdle();
			}
		}

		void retire() {
			this.retired = true;
			closeIfIdle();
		}

		private void closeIfIdle() {
			if (this.retired && this.leases.get() == 0 && this.closed.compareAndSet(false, true)) {
				close(this.client);
			}
		}

		// JDK and Reactor Netty clients cannot be closed here: they let go of their connections
		// when collected (JDK) or idle (Reactor's shared pool); no request uses them again.
		private static void close(Object client) {
			try {
				if (client instanceof AutoCloseable closeable) {
					closeable.close();
				}
				else if (client instanceof DisposableBean disposable) {
					disposable.destroy();
				}
			}
			catch (Exception ex) {
				logger.debug("Unable to close the HTTP client of replaced mTLS material", ex);
			}
		}

	}

}
