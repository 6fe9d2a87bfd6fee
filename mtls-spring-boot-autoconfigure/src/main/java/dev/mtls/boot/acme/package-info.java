/**
 * Identity from an ACME CA ({@code mtls.identity.acme.*}): ordered at startup when none is stored, renewed
 * in the background and swapped into the material, with http-01 and tls-alpn-01 challenge responders.
 */
@NullMarked
package dev.mtls.boot.acme;

import org.jspecify.annotations.NullMarked;
