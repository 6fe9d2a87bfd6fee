package dev.mtls.boot.spiffe;

import java.util.List;

import dev.mtls.boot.core.MtlsMaterial;

/**
 * Registers the SPIFFE checks of peers with the material: every peer's chain against the bundle of
 * its own trust domain, and servers this service calls by their SPIFFE ID instead of their host
 * name.
 *
 * @author mtls-spring-boot
 */
final class SpiffePeerChecks {

	SpiffePeerChecks(SpiffeIdentitySource source, MtlsMaterial material, List<String> expectedServerIds) {
		material.addChainCheck(new TrustDomainCheck(source::bundle, material::trust));
		material.verifyServersBy(new ServerIdCheck(expectedServerIds, source::ownTrustDomain));
	}

}
