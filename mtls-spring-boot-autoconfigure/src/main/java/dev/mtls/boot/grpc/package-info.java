/**
 * gRPC on the {@code mtls} material: Spring Boot's gRPC server requires and verifies client
 * certificates with it, and Spring gRPC's channels present it and verify servers with it.
 */
@NullMarked
package dev.mtls.boot.grpc;

import org.jspecify.annotations.NullMarked;
