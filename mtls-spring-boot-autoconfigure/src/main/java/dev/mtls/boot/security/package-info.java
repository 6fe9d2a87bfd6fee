/**
 * Spring Security integration: a verified peer becomes a {@link dev.mtls.boot.security.PeerAuthentication} with its principal and grants, on servlet and reactive stacks.
 */
@NullMarked
package dev.mtls.boot.security;

import org.jspecify.annotations.NullMarked;
