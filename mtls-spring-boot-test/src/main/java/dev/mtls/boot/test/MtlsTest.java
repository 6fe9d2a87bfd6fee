package dev.mtls.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring Boot test a throwaway CA: the application under test gets a server identity
 * ({@code localhost}, {@code 127.0.0.1} and the SPIFFE ID of {@link #service()}) and trusts the CA,
 * CRL revocation checking included. Inject {@link MtlsTestPeers} to call it as any peer, good or
 * deliberately bad. Use with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} for real
 * handshakes, or with MockMvc / a mock {@code WebTestClient} and {@link MtlsPeerRequests}.
 *
 * @author mtls-spring-boot
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface MtlsTest {

	/**
	 * Trust domain of the SPIFFE IDs the CA issues, e.g. the one your grants name.
	 * @return the trust domain
	 */
	String trustDomain() default "test.local";

	/**
	 * Service name in the application's own SPIFFE ID
	 * ({@code spiffe://<trust-domain>/ns/test/sa/<service>}).
	 * @return the service name
	 */
	String service() default "app";

	/**
	 * Whether to set {@code mtls.revocation.mode=crl} with the CA's CRL, so that
	 * {@link MtlsTestPeers#revoked()} is refused. Turn off to keep the application's own revocation
	 * settings.
	 * @return whether to check the CA's CRL
	 */
	boolean revocation() default true;

}
