package dev.mtls.boot.attacks;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.mtls.boot.testing.RunningPeer;
import dev.mtls.boot.testing.TestPki;
import dev.mtls.boot.testing.TlsClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.bind.annotation.GetMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review probes for mtls.authorization's path and method matching against what is actually served.
 */
class AuthorizationPathReviewIntegrationTests {

	// A second servlet beside the DispatcherServlet, as the H2 console, Jersey or a legacy servlet would be.
	@Configuration(proxyBeanMethods = false)
	public static class LegacyServlet {

		@Bean
		ServletRegistrationBean<HttpServlet> legacyServlet() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print("legacy " + request.getPathInfo());
				}
			}, "/legacy/*");
		}

	}

	// Deny /legacy/** for every peer: a request to /legacy/secret, served by the servlet at /legacy/*, is
	// matched as "/secret" (the path after the servlet path), so the deny rule never applies.
	@Test
	void aDenyRuleOnAnotherServletsPathRefusesIt(@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(pki, "--spring.main.sources=" + LegacyServlet.class.getName(),
				"--mtls.authorization.rules[0].name=no-legacy", "--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].paths=/legacy/**")) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(orders.get(app.port(), "/legacy/secret"))).startsWith("403 ").contains("no-legacy");
		}
	}

	// Allow only GET /orders/**: /legacy/orders/1, served by the servlet at /legacy/*, is matched as
	// "/orders/1" and allowed.
	@Test
	void anAllowRuleDoesNotReachIntoAnotherServlet(@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(pki, "--spring.main.sources=" + LegacyServlet.class.getName(),
				"--mtls.authorization.rules[0].name=orders-read", "--mtls.authorization.rules[0].action=allow",
				"--mtls.authorization.rules[0].methods=GET", "--mtls.authorization.rules[0].paths=/orders/**")) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(orders.get(app.port(), "/orders/1"))).isEqualTo("200 order 1");
			assertThat(answer(orders.get(app.port(), "/legacy/orders/1"))).startsWith("403 ")
				.contains("no allow rule matched");
		}
	}

	// docs/authorization.md: paths are "the path within the application (after the context path)", and
	// Security's own PathPatternRequestMatcher sees /api/admin; the filter matches "/admin".
	@Test
	void withASpringMvcServletPathTheDocumentedPathIsMatched(@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(pki, "--spring.mvc.servlet.path=/api",
				"--mtls.authorization.rules[0].name=no-admin", "--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].paths=/api/admin/**")) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(orders.get(app.port(), "/api/admin"))).startsWith("403 ").contains("no-admin");
		}
	}

	// A deny rule written for GET: HEAD runs the same @GetMapping handler (side effects, headers), and
	// the rule does not match it ("GET does not cover HEAD" is documented for allow rules).
	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aDenyRuleForGetAlsoRefusesHeadWhichRunsTheGetHandler(WebApplicationType type, @TempDir Path directory)
			throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = RunningPeer.start(type, pki, "app", pki.server("app"),
				"--mtls.authorization.rules[0].name=no-admin-reads", "--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].methods=GET", "--mtls.authorization.rules[0].paths=/admin")) {
			TlsClient admin = TlsClient.presenting(pki.client("admin-ops"), pki.root());
			assertThat(answer(admin.get(app.port(), "/admin"))).startsWith("403 ");
			HttpResponse<String> head = admin.send(app.port(), "HEAD", "/admin");
			assertThat(head.statusCode()).as("HEAD /admin, Content-Length %s", head.headers().firstValue("Content-Length"))
				.isEqualTo(403);
			assertThat(admin.send(app.port(), "HEAD", "/whoami").statusCode()).isEqualTo(200);
		}
	}

	// A controller that forwards, as a welcome page, a legacy redirect or a "forward:" view name does.
	@Controller
	public static class Forwarder {

		@GetMapping("/old-admin")
		String oldAdmin() {
			return "forward:/admin";
		}

	}

	// Deny /admin/** for every peer: a request for /old-admin that the application forwards to /admin is
	// not decided again (OncePerRequestFilter skips the FORWARD dispatch), while Spring Security's own
	// AuthorizationFilter does decide forwards.
	@Test
	void aDenyRuleAppliesToAForwardToTheDeniedPath(@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(pki, "--spring.main.sources=" + Forwarder.class.getName(),
				"--mtls.authorization.rules[0].name=no-admin", "--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].paths=/admin/**")) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(orders.get(app.port(), "/admin"))).startsWith("403 ").contains("no-admin");
			assertThat(answer(orders.get(app.port(), "/old-admin"))).startsWith("403 ").contains("no-admin");
		}
	}

	// Not the starter's: whether Spring Security's own rule (/admin needs SCOPE_admin in the test chain) decides
	// a forward for its target, for comparison with mtls.authorization.
	@Test
	void springSecuritysOwnRuleAppliesToAForwardToItsPath(@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(pki, "--spring.main.sources=" + Forwarder.class.getName(),
				"--test.custom-chain=true", "--spring.main.allow-bean-definition-overriding=true")) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(orders.get(app.port(), "/admin"))).startsWith("403 ");
			assertThat(answer(orders.get(app.port(), "/old-admin"))).startsWith("403 ");
		}
	}

	// An application whose Spring MVC matches paths case-insensitively (WebMvcConfigurer#configurePathMatch).
	@Configuration(proxyBeanMethods = false)
	public static class CaseInsensitiveMvc implements WebMvcConfigurer {

		@Override
		public void configurePathMatch(PathMatchConfigurer configurer) {
			PathPatternParser parser = new PathPatternParser();
			parser.setCaseSensitive(false);
			configurer.setPatternParser(parser);
		}

	}

	// Deny /admin/**: with Spring MVC routing /ADMIN to the /admin handler, the rule's own (case-sensitive)
	// patterns do not match /ADMIN.
	@Test
	void aDenyRuleCoversTheSpellingsSpringMvcRoutesToThePath(@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = start(pki, "--spring.main.sources=" + CaseInsensitiveMvc.class.getName(),
				"--mtls.authorization.rules[0].name=no-admin", "--mtls.authorization.rules[0].action=deny",
				"--mtls.authorization.rules[0].paths=/admin/**")) {
			TlsClient orders = TlsClient.presenting(pki.client("orders"), pki.root());
			assertThat(answer(orders.get(app.port(), "/admin"))).startsWith("403 ");
			assertThat(answer(orders.get(app.port(), "/ADMIN"))).startsWith("403 ").contains("no-admin");
			assertThat(answer(orders.get(app.port(), "/whoami"))).startsWith("200 ");
		}
	}

	// A deny rule without peers or authorities "matches every verified peer"; with anonymous: audit (or
	// allow) a caller without any certificate is served what every peer is refused. Istio's DENY policy
	// without "from" refuses unauthenticated requests too.
	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void aDenyRuleForEveryPeerAlsoRefusesCallersWithoutACertificate(WebApplicationType type,
			@TempDir Path directory) throws Exception {
		TestPki pki = new TestPki(directory);
		try (RunningPeer app = RunningPeer.start(type, pki, "app", pki.server("app"), "--mtls.server.client-auth=want",
				"--mtls.authorization.anonymous=audit", "--mtls.authorization.rules[0].name=no-admin",
				"--mtls.authorization.rules[0].action=deny", "--mtls.authorization.rules[0].paths=/admin/**")) {
			TlsClient admin = TlsClient.presenting(pki.client("admin-ops"), pki.root());
			assertThat(answer(admin.get(app.port(), "/admin"))).startsWith("403 ").contains("no-admin");
			TlsClient anonymous = TlsClient.anonymous(pki.root());
			assertThat(answer(anonymous.get(app.port(), "/admin"))).startsWith("403 ").contains("no-admin");
			assertThat(answer(anonymous.get(app.port(), "/whoami"))).startsWith("200 ").contains("\"principal\":\"anonymous\"");
		}
	}

	private static RunningPeer start(TestPki pki, String... arguments) {
		List<String> all = new ArrayList<>(Arrays.asList(arguments));
		return RunningPeer.start(WebApplicationType.SERVLET, pki, "app", pki.server("app"), all.toArray(String[]::new));
	}

	private static String answer(HttpResponse<String> response) {
		return response.statusCode() + " " + response.body();
	}

}
