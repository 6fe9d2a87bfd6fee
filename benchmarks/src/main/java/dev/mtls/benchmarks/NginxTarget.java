package dev.mtls.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx terminating mutual TLS, as the non-JVM baseline: what a C server with OpenSSL
 * spends per handshake and per request. It runs in the foreground from its own prefix directory
 * (configuration, pid, logs and temp files all under {@code work/name}), so it needs nothing from
 * /etc/nginx or /var/log, and the {@link Process} is the master, whose workers count towards
 * {@link #cpu()}.
 */
final class NginxTarget implements Target {

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	// Two workers for two cores, like the JVM servers. Session cache and tickets let a resumption
	// mode resume; nginx closes a kept-alive connection after 1000 requests by default, which
	// would turn a kept-alive run into a handshake run, hence keepalive_requests.
	private static final String CONFIGURATION = """
			worker_processes 2;
			worker_rlimit_nofile 16384;
			daemon off;
			master_process on;
			pid "%1$s/nginx.pid";
			error_log "%1$s/error.log" warn;

			events {
				worker_connections 8192;
			}

			http {
				access_log off;
				client_body_temp_path "%1$s/client_body";
				proxy_temp_path "%1$s/proxy";
				fastcgi_temp_path "%1$s/fastcgi";
				uwsgi_temp_path "%1$s/uwsgi";
				scgi_temp_path "%1$s/scgi";
				keepalive_requests 1000000;
				keepalive_timeout 300s;

				map $ssl_client_s_dn $client_cn {
					"~(^|,)CN=(?<cn>[^,]+)" $cn;
					default "";
				}

				server {
					listen %2$d ssl;
					server_name localhost;
					ssl_certificate "%3$s";
					ssl_certificate_key "%4$s";
					ssl_protocols TLSv1.3 TLSv1.2;
					ssl_verify_client on;
					ssl_client_certificate "%5$s";
					ssl_verify_depth 2;
					ssl_session_cache shared:SSL:10m;
					ssl_session_tickets on;

					location = /hello {
						default_type text/plain;
						return 200 "hello $client_cn\\n";
					}
				}
			}
			""";

	private final String name;

	private final Process process;

	private final Path prefix;

	private final int port;

	private NginxTarget(String name, Process process, Path prefix, int port) {
		this.name = name;
		this.process = process;
		this.prefix = prefix;
		this.port = port;
	}

	/**
	 * Start nginx on a free port, requiring client certificates issued by {@code clientCa}.
	 */
	static NginxTarget start(Path work, String name, Path certificate, Path privateKey, Path clientCa)
			throws Exception {
		if (!Files.isExecutable(NGINX)) {
			throw new IllegalStateException(NGINX + " is missing: install nginx (apt-get install -y nginx)");
		}
		Path prefix = Files.createDirectories(work.resolve(name)).toAbsolutePath();
		int port = SampleProcess.freePort();
		Path configuration = prefix.resolve("nginx.conf");
		Files.writeString(configuration, CONFIGURATION.formatted(prefix, port, certificate.toAbsolutePath(),
				privateKey.toAbsolutePath(), clientCa.toAbsolutePath()));
		// -e: the error log before the configuration is read, else nginx tries /var/log/nginx.
		Process process = new ProcessBuilder(List.of(NGINX.toString(), "-p", prefix + "/", "-c",
				configuration.toString(), "-e", prefix.resolve("error.log").toString()))
			.directory(prefix.toFile())
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("nginx.log").toFile())
			.start();
		NginxTarget nginx = new NginxTarget(name, process, prefix, port);
		try {
			Startup.awaitListening(name, process, port, Duration.ofSeconds(20), nginx::logs);
		}
		catch (Exception ex) {
			nginx.close();
			throw ex;
		}
		return nginx;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public Duration cpu() throws IOException {
		return ProcessCpu.of(this.process.toHandle());
	}

	private String logs() throws IOException {
		StringBuilder logs = new StringBuilder();
		for (String log : List.of("nginx.log", "error.log")) {
			Path file = this.prefix.resolve(log);
			if (Files.isRegularFile(file)) {
				logs.append(Files.readString(file));
			}
		}
		return logs.toString();
	}

	@Override
	public void close() throws InterruptedException {
		// SIGTERM: the master stops its workers and exits; killed, it would leave them running.
		List<ProcessHandle> workers = this.process.descendants().toList();
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			workers.forEach(ProcessHandle::destroyForcibly);
		}
	}

}
