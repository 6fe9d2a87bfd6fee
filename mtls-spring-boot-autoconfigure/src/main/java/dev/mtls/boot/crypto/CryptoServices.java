package dev.mtls.boot.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;

/**
 * Which JCA provider serves each kind of cryptography a TLS 1.3 handshake on the JDK's engine asks
 * for, looked up the way JSSE looks them up (the JVM's provider order).
 * <p>Public for the Actuator endpoint and the doctor, not API.
 *
 * @author mtls-spring-boot
 */
public final class CryptoServices {

	private CryptoServices() {
	}

	/**
	 * The provider of each service, e.g. {@code ECDSA -> AmazonCorrettoCryptoProvider 2.5.0}.
	 * @return the providers of ECDSA (SHA256withECDSA signatures), ECDH and XDH (X25519) key agreement
	 * and AES-GCM (record encryption), in that order
	 */
	public static Map<String, String> inService() {
		Map<String, String> services = new LinkedHashMap<>();
		services.put("ECDSA", provider(() -> Signature.getInstance("SHA256withECDSA").getProvider()));
		services.put("ECDH", provider(() -> KeyAgreement.getInstance("ECDH").getProvider()));
		services.put("XDH", provider(() -> KeyAgreement.getInstance("XDH").getProvider()));
		services.put("AES-GCM", provider(() -> Cipher.getInstance("AES/GCM/NoPadding").getProvider()));
		return services;
	}

	/**
	 * The same as one line for logs.
	 * @return e.g. {@code ECDSA: SunEC 17, ECDH: SunEC 17, XDH: SunEC 17, AES-GCM: SunJCE 17}
	 */
	public static String describe() {
		return inService().entrySet()
			.stream()
			.map((service) -> service.getKey() + ": " + service.getValue())
			.collect(Collectors.joining(", "));
	}

	private static String provider(Lookup lookup) {
		try {
			Provider provider = lookup.provider();
			return provider.getName() + " " + provider.getVersionStr();
		}
		catch (GeneralSecurityException ex) {
			return "none";
		}
	}

	private interface Lookup {

		Provider provider() throws GeneralSecurityException;

	}

}
