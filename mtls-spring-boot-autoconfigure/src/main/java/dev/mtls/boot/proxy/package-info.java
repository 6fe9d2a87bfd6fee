/**
 * Client certificates forwarded by trusted TLS-terminating proxies ({@code mtls.proxy.*}): strict parsers per header format and the trust rules for who may forward.
 */
@NullMarked
package dev.mtls.boot.proxy;

import org.jspecify.annotations.NullMarked;
