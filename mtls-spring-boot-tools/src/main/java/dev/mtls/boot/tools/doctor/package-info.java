/**
 * The doctor command: checks the material, the settings, a client certificate or forwarded header, and a server's endpoint, and says what is wrong and how to fix it.
 */
@NullMarked
package dev.mtls.boot.tools.doctor;

import org.jspecify.annotations.NullMarked;
