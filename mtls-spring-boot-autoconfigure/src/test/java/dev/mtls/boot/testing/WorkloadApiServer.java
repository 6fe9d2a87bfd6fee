package dev.mtls.boot.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import dev.mtls.boot.devca.IssuedCertificate;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload.X509SVID;
import io.spiffe.workloadapi.grpc.Workload.X509SVIDRequest;
import io.spiffe.workloadapi.grpc.Workload.X509SVIDResponse;

/**
 * A SPIFFE Workload API server in the test's own process, speaking the real {@code workload.proto}
 * (the stubs java-spiffe-core ships) over a Unix domain socket with Netty's epoll transport, as a
 * SPIRE agent does. It streams one X.509-SVID with its trust domain's bundle and any federated
 * bundles to every {@code FetchX509SVID} caller, pushes each change, refuses calls without the
 * {@code workload.spiffe.io} security header, and can go away and come back on the same socket.
 */
public final class WorkloadApiServer implements AutoCloseable {

	private static final Metadata.Key<String> SECURITY_HEADER = Metadata.Key.of("workload.spiffe.io",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Path socket;

	private final List<StreamObserver<X509SVIDResponse>> streams = new CopyOnWriteArrayList<>();

	private final Map<String, List<X509Certificate>> federated = new ConcurrentHashMap<>();

	private volatile X509SVIDResponse latest;

	private IssuedCertificate svid;

	private String spiffeId;

	private List<X509Certificate> bundle = List.of();

	private Server server;

	private EventLoopGroup group;

	private WorkloadApiServer(Path socket) {
		this.socket = socket;
	}

	/**
	 * Start serving on a socket.
	 * @param socket the socket's path
	 * @return the running server
	 */
	public static WorkloadApiServer start(Path socket) {
		WorkloadApiServer server = new WorkloadApiServer(socket);
		server.listen();
		return server;
	}

	/**
	 * Return the address for {@code mtls.identity.spiffe.endpoint-socket}.
	 * @return {@code unix:} and the socket path
	 */
	public String address() {
		return "unix:" + this.socket;
	}

	/**
	 * Issue an X.509-SVID with its trust domain's bundle and push it to every caller.
	 * @param spiffeId the SVID's SPIFFE ID (also in the certificate)
	 * @param svid the certificate chain and key
	 * @param bundle the CA certificates of the SVID's trust domain
	 */
	public synchronized void issue(String spiffeId, IssuedCertificate svid, X509Certificate... bundle) {
		this.spiffeId = spiffeId;
		this.svid = svid;
		this.bundle = List.of(bundle);
		push();
	}

	/**
	 * Federate with another trust domain: push its bundle beside the SVID.
	 * @param trustDomain the trust domain, such as {@code partner.example}
	 * @param authorities its CA certificates
	 */
	public synchronized void federate(String trustDomain, X509Certificate... authorities) {
		this.federated.put("spiffe://" + trustDomain, List.of(authorities));
		push();
	}

	/**
	 * End the federation with a trust domain and push the bundles without it.
	 * @param trustDomain the trust domain
	 */
	public synchronized void unfederate(String trustDomain) {
		this.federated.remove("spiffe://" + trustDomain);
		push();
	}

	/**
	 * Go away as an agent that stops does: every stream ends, the socket is gone.
	 */
	public synchronized void stop() {
		for (StreamObserver<X509SVIDResponse> stream : this.streams) {
			try {
				stream.onError(Status.UNAVAILABLE.withDescription("agent stopping").asRuntimeException());
			}
			catch (RuntimeException ex) {
				// The stream ended already.
			}
		}
		this.streams.clear();
		this.server.shutdownNow();
		try {
			this.server.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
		this.server = null;
		deleteSocket();
	}

	/**
	 * Come back on the same socket, serving the last SVID and bundles.
	 */
	public synchronized void restart() {
		listen();
	}

	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public synchronized void close() {
		if (this.server != null) {
			stop();
		}
	}

	private void listen() {
		deleteSocket();
		this.group = new EpollEventLoopGroup(1);
		try {
			this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(this.socket.toString()))
				.channelType(EpollServerDomainSocketChannel.class)
				.bossEventLoopGroup(this.group)
				.workerEventLoopGroup(this.group)
				.addService(ServerInterceptors.intercept(new Service(), new SecurityHeaderCheck()))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to serve the Workload API on " + this.socket, ex);
		}
	}

	private void deleteSocket() {
		try {
			Files.deleteIfExists(this.socket);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void push() {
		X509SVIDResponse.Builder response = X509SVIDResponse.newBuilder()
			.addSvids(X509SVID.newBuilder()
				.setSpiffeId(this.spiffeId)
				.setX509Svid(der(this.svid.chain()))
				.setX509SvidKey(ByteString.copyFrom(this.svid.privateKey().getEncoded()))
				.setBundle(der(this.bundle)));
		this.federated.forEach((domain, authorities) -> response.putFederatedBundles(domain, der(authorities)));
		this.latest = response.build();
		for (StreamObserver<X509SVIDResponse> stream : this.streams) {
			try {
				stream.onNext(this.latest);
			}
			catch (RuntimeException ex) {
				// The caller went away (cancelled its watch).
				this.streams.remove(stream);
			}
		}
	}

	private static ByteString der(List<X509Certificate> certificates) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (X509Certificate certificate : certificates) {
			try {
				out.writeBytes(certificate.getEncoded());
			}
			catch (CertificateEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return ByteString.copyFrom(out.toByteArray());
	}

	private final class Service extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {

		@Override
		public void fetchX509SVID(X509SVIDRequest request, StreamObserver<X509SVIDResponse> stream) {
			synchronized (WorkloadApiServer.this) {
				WorkloadApiServer.this.streams.add(stream);
				if (WorkloadApiServer.this.latest != null) {
					stream.onNext(WorkloadApiServer.this.latest);
				}
			}
		}

	}

	// A SPIRE agent refuses callers without the header (a browser cannot set it: SSRF protection).
	private static final class SecurityHeaderCheck implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			if (!"true".equals(headers.get(SECURITY_HEADER))) {
				call.close(Status.INVALID_ARGUMENT.withDescription("security header missing from request"),
						new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			return next.startCall(call, headers);
		}

	}

}
