/**
 * Testing support: {@link dev.mtls.boot.test.MtlsTest} starts an application with a test CA's material, and
 * {@link dev.mtls.boot.test.MtlsTestPeers} and {@link dev.mtls.boot.test.MtlsPeerRequests} call it as a peer.
 */
@NullMarked
package dev.mtls.boot.test;

import org.jspecify.annotations.NullMarked;
