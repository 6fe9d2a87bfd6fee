package dev.mtls.samples.orders;

import dev.mtls.boot.test.MtlsTest;
import dev.mtls.boot.test.MtlsTestPeers;
import dev.mtls.boot.test.TestPeer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.mtls.boot.test.MtlsPeerRequests.peerExchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * orders-service on Reactor Netty, tested with the starter's test support: real handshakes as
 * chosen peers, deliberately bad certificates, and authorization through a mock WebTestClient.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@MtlsTest(trustDomain = "dev.mtls.local", service = "orders-service")
class OrdersServiceIntegrationTests {

	private static final String DEVELOPER = "spiffe://dev.mtls.local/ns/dev/sa/developer";

	@Autowired
	MtlsTestPeers peers;

	@Test
	void aPeerSeesItsOwnIdentity() {
		this.peers.as(DEVELOPER)
			.webTestClient()
			.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.principal")
			.isEqualTo(DEVELOPER)
			.jsonPath("$.authorities[0]")
			.isEqualTo("SCOPE_orders:write");
	}

	@Test
	void badCertificatesAreRefusedInTheHandshake(@Autowired MeterRegistry registry) {
		for (TestPeer peer : new TestPeer[] { this.peers.expired(DEVELOPER), this.peers.untrusted(DEVELOPER),
				this.peers.wrongUsage(DEVELOPER), this.peers.revoked(), this.peers.anonymous() }) {
			assertThatException().isThrownBy(() -> peer.webTestClient().get().uri("/whoami").exchange());
		}
		for (String reason : new String[] { "expired", "untrusted", "bad-usage", "revoked", "no-certificate" }) {
			assertThat(registry.get("mtls.handshake.failures").tag("side", "server").tag("reason", reason).counter().count())
				.as(reason)
				.isPositive();
		}
	}

	@Test
	void authorizationWithoutTls(@Autowired ApplicationContext context) {
		WebTestClient client = WebTestClient.bindToApplicationContext(context).configureClient().build();
		client.mutateWith(peerExchange(this.peers.as(DEVELOPER)))
			.get()
			.uri("/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("hello " + DEVELOPER);
		client.get().uri("/hello").exchange().expectStatus().isUnauthorized();
	}

}
