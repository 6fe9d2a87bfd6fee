package dev.mtls.boot.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link Tools}: a program that is not installed skips the test (or, with
 * {@code MTLS_REQUIRE_TOOLS=true}, fails it), named with where to get it.
 */
class ToolsTests {

	@Test
	void programNotOnThePathSkipsNamingIt() {
		assertThatThrownBy(() -> Tools.require("mtls-no-such-tool"))
			.isInstanceOf(Tools.required() ? AssertionError.class : MissingToolException.class)
			.hasMessageContaining("mtls-no-such-tool not found on the PATH (install it)")
			.satisfies((thrown) -> {
				if (thrown instanceof MissingToolException missing) {
					assertThat(missing.tool()).isEqualTo("mtls-no-such-tool");
				}
			});
	}

	@Test
	void shellScriptsNeedTheToolsTheyRun() {
		assertThat(Tools.toolsIn("timeout 20 openssl s_client -CAfile /tmp/openssl.crt </dev/null | openssl x509"))
			.containsExactly("openssl", "openssl");
		assertThat(Tools.toolsIn("cd /work/observability && promtool test rules alerts.test.yml"))
			.containsExactly("promtool");
		assertThat(Tools.toolsIn("curl --cacert /tmp/curl-ca.crt -H 'Host: nginx.example' --user-agent=haproxy x"))
			.containsExactly("curl");
	}

	@Test
	void programOnThePathPasses() {
		// sh runs the tests' scripts, and every machine that builds this has it.
		assertThatNoException().isThrownBy(() -> Tools.requireFor("sh", "-c", "true"));
	}

	@Test
	void programByPathPassesWhenExecutable() {
		assertThatNoException().isThrownBy(() -> Tools.require("/bin/sh"));
		assertThatThrownBy(() -> Tools.require("/nonexistent/sh")).hasMessageContaining("/nonexistent/sh not found");
	}

}
