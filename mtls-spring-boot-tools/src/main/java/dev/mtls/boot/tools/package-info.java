/**
 * The command-line tools of mtls-spring-boot in one program, {@link dev.mtls.boot.tools.MtlsTools}: the doctor and the development certificate commands.
 */
@NullMarked
package dev.mtls.boot.tools;

import org.jspecify.annotations.NullMarked;
