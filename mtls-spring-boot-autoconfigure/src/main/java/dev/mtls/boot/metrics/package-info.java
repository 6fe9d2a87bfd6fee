/**
 * Metrics: certificate expiry, handshake refusals, peer authentication and forwarded certificates.
 */
@NullMarked
package dev.mtls.boot.metrics;

import org.jspecify.annotations.NullMarked;
