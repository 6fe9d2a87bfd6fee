package dev.mtls.boot.server;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;

/**
 * Threads for the TLS handshake tasks of Reactor Netty servers when revocation is checked
 * ({@link DelegatedTaskSslContext}). No queue: a task waiting for a revocation answer never holds
 * up another handshake's task. Threads are made as handshakes need them and retire when idle; at
 * the limit a task runs on the event loop, as it would without this executor.
 *
 * @author mtls-spring-boot
 */
final class HandshakeTasks implements Executor, DisposableBean {

	private static final int MAX_THREADS = 64;

	private final ThreadPoolExecutor threads;

	HandshakeTasks() {
		AtomicInteger count = new AtomicInteger();
		this.threads = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "mtls-handshake-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.CallerRunsPolicy());
	}

	@Override
	public void execute(Runnable task) {
		this.threads.execute(task);
	}

	@Override
	public void destroy() {
		this.threads.shutdownNow();
	}

}
