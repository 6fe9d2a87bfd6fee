/**
 * Certificate revocation checks ({@code mtls.revocation.*}): CRLs and OCSP on the path PKIX builds, cached per path.
 */
@NullMarked
package dev.mtls.boot.revocation;

import org.jspecify.annotations.NullMarked;
