package dev.mtls.boot.core;

/**
 * An identity and a trust set, loaded and validated together.
 *
 * @param identity this service's identity
 * @param trust the certificate authorities peers must chain to
 * @author mtls-spring-boot
 */
record Material(Identity identity, TrustSet trust) {

}
