/**
 * The {@code mtls} Actuator endpoint: material in service, reload history and refusals.
 */
@NullMarked
package dev.mtls.boot.endpoint;

import org.jspecify.annotations.NullMarked;
