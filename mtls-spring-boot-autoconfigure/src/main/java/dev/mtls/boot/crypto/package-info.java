/**
 * The JCA provider under the JDK's TLS engine ({@code mtls.crypto.provider}): Amazon Corretto Crypto
 * Provider installed once per JVM, before any SSL context is built, and which provider serves the
 * handshake's cryptography.
 */
@NullMarked
package dev.mtls.boot.crypto;

import org.jspecify.annotations.NullMarked;
