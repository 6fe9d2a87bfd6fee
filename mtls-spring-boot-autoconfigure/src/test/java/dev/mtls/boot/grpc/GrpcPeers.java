package dev.mtls.boot.grpc;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.mtls.boot.core.PresentingKeyManager;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.testing.TlsClient;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Calls a gRPC server the way an outside client would: grpc-netty presenting a certificate of the
 * test's choosing (or none), every call on a new connection.
 */
final class GrpcPeers {

	private GrpcPeers() {
	}

	static String call(int port, @Nullable IssuedCertificate client, IssuedCertificate trustedCa,
			MethodDescriptor<String, String> method) throws Exception {
		return call(port, client, trustedCa, method, new Metadata());
	}

	static String call(int port, @Nullable IssuedCertificate client, IssuedCertificate trustedCa,
			MethodDescriptor<String, String> method, Metadata headers) throws Exception {
		ManagedChannel channel = channel(port, client, trustedCa, headers);
		try {
			return call(channel, method);
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * A channel to the server presenting {@code client} (or no certificate); the caller shuts it down.
	 */
	static ManagedChannel channel(int port, @Nullable IssuedCertificate client, IssuedCertificate trustedCa,
			Metadata headers) throws Exception {
		SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(trustedCa.certificate());
		if (client != null) {
			// Presented whatever CAs the server lists, so that the server's verdict is what is tested.
			tls.keyManager(new PresentingKeyManager(client.chain(), client.privateKey(), (issuers) -> {
			}));
		}
		return NettyChannelBuilder.forAddress("localhost", port)
			.sslContext(tls.build())
			.intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
			.build();
	}

	static String call(ManagedChannel channel, MethodDescriptor<String, String> method) {
		return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
				"hello");
	}

	/**
	 * The serial of the certificate a server presents on a new handshake, offering HTTP/2 as gRPC
	 * clients do.
	 */
	static BigInteger servedSerial(int port, IssuedCertificate client, IssuedCertificate trustedCa) throws Exception {
		try (SSLSocket socket = (SSLSocket) TlsClient.presenting(client, trustedCa)
			.sslContext()
			.getSocketFactory()
			.createSocket("localhost", port)) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setApplicationProtocols(new String[] { "h2" });
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			List<?> chain = List.of(socket.getSession().getPeerCertificates());
			return ((X509Certificate) chain.get(0)).getSerialNumber();
		}
	}

}
