package dev.mtls.boot.core;

import java.util.Locale;

/**
 * Which part of a peer certificate names the peer.
 *
 * @author mtls-spring-boot
 */
public enum PrincipalMode {

	/**
	 * The 'spiffe://' URI subject alternative name if present, else the subject common name.
	 */
	SPIFFE_ID_OR_CN,

	/**
	 * The subject common name.
	 */
	CN,

	/**
	 * The whole subject distinguished name, RFC 2253.
	 */
	DN,

	/**
	 * The first DNS subject alternative name.
	 */
	SAN_DNS,

	/**
	 * The first URI subject alternative name.
	 */
	SAN_URI,

	/**
	 * The first e-mail subject alternative name, else the subject emailAddress attribute.
	 */
	EMAIL;

	/**
	 * Return the lower-case, hyphenated name used in properties and Actuator output.
	 * @return e.g. {@code spiffe-id-or-cn}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
