/**
 * Authorization rules in configuration ({@code mtls.authorization.*}): which verified peer may make which
 * request, decided after authentication on servlet and reactive stacks, counted and audited.
 */
@NullMarked
package dev.mtls.boot.authorization;

import org.jspecify.annotations.NullMarked;
