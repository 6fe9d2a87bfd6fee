/**
 * The development certificate authority behind {@code mtls.dev.*}: issues a service its identity from a CA kept on disk.
 */
@NullMarked
package dev.mtls.boot.devca;

import org.jspecify.annotations.NullMarked;
