package dev.mtls.samples.inventory;

import dev.mtls.boot.test.MtlsTest;
import dev.mtls.boot.test.MtlsTestPeers;
import dev.mtls.boot.test.TestPeer;
import jakarta.servlet.Filter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
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
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
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
