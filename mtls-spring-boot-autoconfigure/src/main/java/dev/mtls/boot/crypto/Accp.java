package dev.mtls.boot.crypto;

import java.security.Provider;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.amazon.corretto.crypto.provider.SelfTestStatus;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Amazon Corretto Crypto Provider if this JVM can use it: on the class path, its native library
 * (AWS-LC) loaded on this platform, and its self-tests passed.
 *
 * @param provider the provider, or {@code null} when it cannot be used
 * @param unusable why it cannot be used, as the end of a sentence; {@code null} when it can
 * @param present whether it is on the class path
 * @author mtls-spring-boot
 */
record Accp(@Nullable Provider provider, @Nullable String unusable, boolean present) {

	static final String NAME = "AmazonCorrettoCryptoProvider";

	private static final boolean PRESENT = ClassUtils
		.isPresent("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider", Accp.class.getClassLoader());

	/**
	 * Find and check ACCP.
	 * @return the provider, or why it cannot be used
	 */
	static Accp find() {
		return PRESENT ? Checked.check() : new Accp(null, "is not on the class path", false);
	}

	static Accp usable(Provider provider) {
		return new Accp(provider, null, true);
	}

	/**
	 * On the class path but not usable.
	 * @param reason why, e.g. {@code failed its self-tests (FAILED)}
	 * @return the finding
	 */
	static Accp broken(String reason) {
		return new Accp(null, reason, true);
	}

	/**
	 * Loaded only when ACCP is on the class path.
	 */
	private static final class Checked {

		static Accp check() {
			AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
			Throwable error = accp.getLoadingError();
			if (error != null) {
				return broken("did not load on %s/%s: %s".formatted(System.getProperty("os.name"),
						System.getProperty("os.arch"), error));
			}
			// Synchronous, so that a failure stops startup (ACCP otherwise runs them lazily, in the background).
			SelfTestStatus status = accp.runSelfTests();
			if (status != SelfTestStatus.PASSED) {
				return broken("failed its self-tests (" + status + ")");
			}
			try {
				accp.assertHealthy();
			}
			catch (RuntimeException ex) {
				return broken("is not healthy: " + ex.getMessage());
			}
			return usable(accp);
		}

	}

}
