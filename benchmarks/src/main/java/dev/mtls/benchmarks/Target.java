package dev.mtls.benchmarks;

import java.io.IOException;
import java.time.Duration;

/**
 * A server the benchmark starts itself and loads over TLS on {@code https://localhost:port/hello}:
 * a starter sample, a hand-wired Spring app, or nginx. Its CPU time (all its processes, from
 * /proc) is read before and after a measurement so server CPU per request is reported apart from
 * the load generator's.
 */
interface Target extends AutoCloseable {

	/**
	 * Short name used in the result table, e.g. {@code tomcat-starter}.
	 * @return the name
	 */
	String name();

	/**
	 * The HTTPS port on localhost.
	 * @return the port
	 */
	int port();

	/**
	 * CPU time (user + system) the target's processes have used so far.
	 * @return the CPU time
	 * @throws IOException if /proc cannot be read
	 */
	Duration cpu() throws IOException;

	@Override
	void close() throws Exception;

}
