/**
 * Embedded servers (Tomcat, Reactor Netty) that demand and verify client certificates with the {@code mtls} material.
 */
@NullMarked
package dev.mtls.boot.server;

import org.jspecify.annotations.NullMarked;
