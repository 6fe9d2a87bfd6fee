package dev.mtls.boot.spiffe;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which servers this service accepts when it calls out with an identity from the SPIFFE Workload
 * API. X.509-SVIDs name a SPIFFE ID rather than a host, so servers are verified by their SPIFFE ID
 * instead of their host name.
 *
 * @author mtls-spring-boot
 */
@ConfigurationProperties("mtls.client.spiffe")
public class MtlsSpiffeClientProperties {

	/**
	 * SPIFFE IDs or patterns that servers this service calls must present, such as
	 * 'spiffe://shop.example/ns/shop/sa/inventory' or 'spiffe://shop.example/ns/shop/**' ('*'
	 * matches one path segment, '**' any number). When empty, any server of this workload's own
	 * trust domain is accepted.
	 */
	private List<String> expectedIds = new ArrayList<>();

	public List<String> getExpectedIds() {
		return this.expectedIds;
	}

	public void setExpectedIds(List<String> expectedIds) {
		this.expectedIds = expectedIds;
	}

}
