/**
 * Data clients on the {@code mtls} identity: Redis (Lettuce), PostgreSQL (JDBC through HikariCP) and
 * Kafka, with their connections retired after each swap of the material.
 */
@NullMarked
package dev.mtls.boot.data;

import org.jspecify.annotations.NullMarked;
