package dev.mtls.samples.inventory;

import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.core.MtlsMaterial;
import dev.mtls.boot.devca.IssuedCertificate;
import dev.mtls.boot.test.MtlsTest;
import dev.mtls.boot.test.MtlsTestPeers;
import dev.mtls.boot.test.TestPeer;
import jakarta.servlet.Filter;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.context.WebApplicationContext;

import static dev.mtls.boot.test.MtlsPeerRequests.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * inventory-service on Tomcat, tested with the starter's test support: real handshakes as chosen
 * peers, deliberately bad certificates, and authorization through MockMvc without TLS.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "spring.grpc.server.port=0" })
@MtlsTest(trustDomain = "dev.mtls.local", service = "inventory-service")
class InventoryServiceIntegrationTests {

	private static final String ORDERS = "spiffe://dev.mtls.local/ns/shop/sa/orders-service";

	@Autowired
	MtlsTestPeers peers;

	@Test
	void ordersServiceReadsStock() {
		String stock = this.peers.as(ORDERS).restClient().get().uri("/inventory/apple").retrieve().body(String.class);
		assertThat(stock).contains("\"available\":42");
	}

	@Test
	void aPeerWithoutTheGrantIsForbidden() {
		HttpStatusCode status = this.peers.service("billing")
			.restClient()
			.get()
			.uri("/inventory/apple")
			.exchange((request, response) -> response.getStatusCode());
		assertThat(status.value()).isEqualTo(403);
	}

	@Test
	void badCertificatesAreRefusedInTheHandshake(@Autowired MeterRegistry registry) {
		for (TestPeer peer : new TestPeer[] { this.peers.expired(ORDERS), this.peers.untrusted(ORDERS),
				this.peers.wrongUsage(ORDERS), this.peers.revoked(), this.peers.anonymous() }) {
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> peer.restClient().get().uri("/whoami").retrieve().body(String.class));
		}
		for (String reason : new String[] { "expired", "untrusted", "bad-usage", "revoked", "no-certificate" }) {
			assertThat(registry.get("mtls.handshake.failures").tag("side", "server").tag("reason", reason).counter().count())
				.as(reason)
				.isPositive();
		}
	}

	@Test
	void ordersServiceReadsStockOverGrpc(@Autowired GrpcServerLifecycle grpc, @Autowired MtlsMaterial material)
			throws Exception {
		String stock = callStock(grpc.getPort(), this.peers.as(ORDERS), material);
		assertThat(stock).contains("\"available\":42").contains("\"peer\":\"" + ORDERS + "\"");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> callStock(grpc.getPort(), this.peers.service("billing"), material))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	private static String callStock(int port, TestPeer peer, MtlsMaterial material) throws Exception {
		IssuedCertificate identity = peer.identity();
		ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port)
			.sslContext(GrpcSslContexts.forClient()
				.keyManager(identity.privateKey(), identity.chain().toArray(X509Certificate[]::new))
				.trustManager(material.trust().anchors())
				.build())
			.build();
		try {
			return ClientCalls.blockingUnaryCall(channel, StockService.STOCK, CallOptions.DEFAULT, "apple");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void authorizationWithoutTls(@Autowired WebApplicationContext context,
			@Autowired @Qualifier("springSecurityFilterChain") Filter security) throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(security).build();
		mvc.perform(get("/inventory/pear").with(peer(this.peers.as(ORDERS))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.available").value(7));
		mvc.perform(get("/inventory/pear").with(peer(this.peers.service("billing")))).andExpect(status().isForbidden());
		mvc.perform(get("/inventory/pear")).andExpect(status().isUnauthorized());
	}

}
