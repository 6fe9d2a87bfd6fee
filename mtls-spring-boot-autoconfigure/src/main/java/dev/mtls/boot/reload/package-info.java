/**
 * Reloading rotated identity and trust files ({@code mtls.reload.*}) into the material pipeline.
 */
@NullMarked
package dev.mtls.boot.reload;

import org.jspecify.annotations.NullMarked;
