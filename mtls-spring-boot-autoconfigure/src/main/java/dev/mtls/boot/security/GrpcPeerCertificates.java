package dev.mtls.boot.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.grpc.server.security.GrpcAuthenticationExtractor;
import org.springframework.security.core.Authentication;

/**
 * Reads the client certificate chain that the gRPC connection's TLS handshake verified, for
 * {@link PeerAuthenticator} to turn into a {@link PeerAuthentication}. Only the transport's
 * attributes count: no metadata a client sends can name a peer.
 *
 * @author mtls-spring-boot
 */
final class GrpcPeerCertificates implements GrpcAuthenticationExtractor {

	@Override
	public @Nullable Authentication extract(Metadata headers, Attributes attributes, MethodDescriptor<?, ?> method) {
		X509Certificate[] chain = chain(attributes);
		return (chain != null) ? new PeerCertificateToken(chain) : null;
	}

	/**
	 * Return the chain the connection's TLS handshake verified.
	 * @param attributes the call's transport attributes
	 * @return the chain, leaf first, or {@code null} without TLS or a client certificate
	 */
	static X509Certificate @Nullable [] chain(Attributes attributes) {
		SSLSession session = attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
		if (session == null) {
			return null;
		}
		Certificate[] certificates;
		try {
			certificates = session.getPeerCertificates();
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
		if (certificates.length == 0
				|| !Arrays.stream(certificates).allMatch(X509Certificate.class::isInstance)) {
			return null;
		}
		return Arrays.copyOf(certificates, certificates.length, X509Certificate[].class);
	}

}
