package dev.mtls.boot.acme;

import java.time.Duration;

import dev.mtls.boot.acme.AcmeStorage.StoredCertificate;

/**
 * Orders a new certificate for the configured domains ({@link AcmeOrders} with a real CA).
 *
 * @author mtls-spring-boot
 */
@FunctionalInterface
interface CertificateOrder {

	/**
	 * Order a certificate, waiting for the CA at most {@code timeout}.
	 * @param timeout the longest wait
	 * @return the certificate chain and its key
	 * @throws AcmeOrders.AcmeOrderException with the CA's reason when the CA refuses or does not
	 * answer
	 * @throws InterruptedException if the application is stopping
	 */
	StoredCertificate order(Duration timeout) throws InterruptedException;

}
