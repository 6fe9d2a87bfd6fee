/**
 * The {@code mtls} health contributor: expiry, validity and revocation state of the material in service.
 */
@NullMarked
package dev.mtls.boot.health;

import org.jspecify.annotations.NullMarked;
