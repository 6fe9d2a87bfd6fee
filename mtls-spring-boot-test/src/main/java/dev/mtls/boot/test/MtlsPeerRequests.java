package dev.mtls.boot.test;

import java.security.cert.X509Certificate;

import org.springframework.http.server.reactive.SslInfo;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Authorization tests without TLS: a MockMvc request or a mock {@code WebTestClient} exchange
 * carries a peer's certificate chain where the container would put it after a handshake. The
 * starter then authenticates it as usual (principal, grants, trust set check), so use peers from
 * {@link MtlsTestPeers} in an {@link MtlsTest @MtlsTest} context.
 *
 * @author mtls-spring-boot
 */
public final class MtlsPeerRequests {

	private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private MtlsPeerRequests() {
	}

	/**
	 * MockMvc: {@code mockMvc.perform(get("/x").with(peer(peers.service("orders"))))}.
	 * @param peer the peer
	 * @return the post-processor
	 */
	public static RequestPostProcessor peer(TestPeer peer) {
		X509Certificate[] chain = peer.chain();
		return (request) -> {
			request.setSecure(true);
			request.setScheme("https");
			if (chain.length > 0) {
				request.setAttribute(CERTIFICATE_ATTRIBUTE, chain);
			}
			return request;
		};
	}

	/**
	 * A mock {@code WebTestClient} (bound to an application context or a router):
	 * {@code client.mutateWith(peerExchange(peers.service("orders")))}.
	 * @param peer the peer
	 * @return the configurer
	 */
	public static WebTestClientConfigurer peerExchange(TestPeer peer) {
		SslInfo sslInfo = new PeerSslInfo(peer.chain());
		return (builder, httpHandlerBuilder, connector) -> {
			if (httpHandlerBuilder == null) {
				throw new IllegalStateException("peerExchange works on a mock WebTestClient; for a running server "
						+ "use TestPeer.webTestClient()");
			}
			httpHandlerBuilder.filters((filters) -> filters.add(0,
					(exchange, chain) -> chain.filter(exchange.mutate().request((request) -> request.sslInfo(sslInfo)).build())));
		};
	}

	private record PeerSslInfo(X509Certificate[] getPeerCertificates) implements SslInfo {

		@Override
		public String getSessionId() {
			return "mtls-test";
		}

	}

}
