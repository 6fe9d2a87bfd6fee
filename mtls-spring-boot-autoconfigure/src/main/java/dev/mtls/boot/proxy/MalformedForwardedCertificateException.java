package dev.mtls.boot.proxy;

/**
 * A forwarded client certificate header that cannot be read. Its message is short and safe to
 * send back to the client; it carries no stack trace.
 *
 * @author mtls-spring-boot
 */
public final class MalformedForwardedCertificateException extends RuntimeException {

	MalformedForwardedCertificateException(String message) {
		super(message, null, false, false);
	}

}
