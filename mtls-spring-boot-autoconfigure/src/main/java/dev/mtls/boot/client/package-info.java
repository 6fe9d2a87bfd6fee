/**
 * Clients that present the {@code mtls} identity: RestClient, RestTemplate and WebClient, following each swap of the material.
 */
@NullMarked
package dev.mtls.boot.client;

import org.jspecify.annotations.NullMarked;
