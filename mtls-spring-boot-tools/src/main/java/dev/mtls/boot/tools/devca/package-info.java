/**
 * The development certificate commands: the CA of {@code mtls.dev.enabled}, server and client identities, certificate signing requests, and certificates for requests made elsewhere.
 */
@NullMarked
package dev.mtls.boot.tools.devca;

import org.jspecify.annotations.NullMarked;
