/**
 * The material pipeline: {@code mtls.*} properties, loading and validating identity and trust, the swappable key and trust managers behind the {@code mtls} SSL bundle, and the refusal log.
 */
@NullMarked
package dev.mtls.boot.core;

import org.jspecify.annotations.NullMarked;
