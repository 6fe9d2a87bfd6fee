/**
 * Identity and trust from a SPIFFE Workload API ({@code mtls.identity.spiffe.*}): X.509-SVIDs and
 * per-trust-domain bundles pushed into the material, and SPIFFE IDs checked for peers and servers.
 */
@NullMarked
package dev.mtls.boot.spiffe;

import org.jspecify.annotations.NullMarked;
