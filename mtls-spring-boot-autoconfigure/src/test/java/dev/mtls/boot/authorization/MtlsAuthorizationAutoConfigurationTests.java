package dev.mtls.boot.authorization;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalyzedException;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules are compiled at startup: every bad rule fails it with a failure analysis naming the
 * rule, the field and the fix; good ones give the request authorization and its metrics.
 */
class MtlsAuthorizationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAuthorizationAutoConfiguration.class));

	@Test
	void compilesRulesAndPublishesTheirCounts() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("mtls.authorization.mode=audit", "mtls.authorization.anonymous=audit",
					"mtls.authorization.rules[0].name=orders-write", "mtls.authorization.rules[0].action=allow",
					"mtls.authorization.rules[0].peers=spiffe://shop.example/ns/*/sa/orders",
					"mtls.authorization.rules[0].methods=POST,PUT", "mtls.authorization.rules[0].paths=/orders/**")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RequestAuthorization.class);
				RequestAuthorization authorization = context.getBean(RequestAuthorization.class);
				assertThat(authorization.servesAnonymous()).isTrue();
				assertThat(authorization.rules()
					.decide("spiffe://shop.example/ns/prod/sa/orders", java.util.List.of(), "PUT", "/orders/1")
					.rule()).isEqualTo("orders-write");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(AuthorizationMetrics.class).bindTo(registry);
				assertThat(registry.get("mtls.authorization.decisions").meters()).hasSize(4 * 3);
				assertThat(registry.get("mtls.authorization.anonymous").meters()).hasSize(3);
			});
	}

	@Test
	void backsOffOutsideWebApplicationsWithoutGrpcServer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MtlsAuthorizationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.grpc.server"))
			.run((context) -> assertThat(context).doesNotHaveBean(RequestAuthorization.class));
	}

	@Test
	void decidesForGrpcServersOutsideWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MtlsAuthorizationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(RequestAuthorization.class));
	}

	@Test
	void refusesARuleWithoutAName() {
		this.runner.withPropertyValues("mtls.authorization.rules[0].action=allow")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].name '': the rule has no name.",
					"Name every rule; the name appears in logs, metrics, the mtls endpoint and 403 answers, e.g. name: orders-write."));
	}

	@Test
	void refusesAnUnknownAction() {
		this.runner.withPropertyValues("mtls.authorization.rules[0].name=orders", "mtls.authorization.rules[0].action=permit")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].action 'permit': rule 'orders' has an unknown action.",
					"Set action to allow, deny or audit."));
	}

	@Test
	void refusesARuleWithoutAnAction() {
		this.runner.withPropertyValues("mtls.authorization.rules[0].name=orders")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].action '': rule 'orders' has no action.",
					"Set action to allow, deny or audit."));
	}

	@Test
	void refusesDuplicateNames() {
		this.runner
			.withPropertyValues("mtls.authorization.rules[0].name=orders", "mtls.authorization.rules[0].action=allow",
					"mtls.authorization.rules[1].name=billing", "mtls.authorization.rules[1].action=allow",
					"mtls.authorization.rules[2].name=orders", "mtls.authorization.rules[2].action=deny")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[2].name 'orders': rule 'orders' is already defined as mtls.authorization.rules[0].",
					"Give every rule a unique name: it identifies the rule in logs, metrics and 403 answers."));
	}

	@Test
	void refusesReservedNames() {
		this.runner.withPropertyValues("mtls.authorization.rules[0].name=none", "mtls.authorization.rules[0].action=allow")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].name 'none': the name is reserved for decisions that no rule made.",
					"Choose another name than none, no-allow-rule or anonymous."));
	}

	@Test
	void refusesAnInvalidPathPattern() {
		this.runner
			.withPropertyValues("mtls.authorization.rules[0].name=orders", "mtls.authorization.rules[0].action=allow",
					"mtls.authorization.rules[0].paths=/orders/{id")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].paths '/orders/{id': rule 'orders' has an invalid path pattern: ",
					"Write a Spring PathPattern starting with '/', e.g. /orders/** or /orders/{id}."));
	}

	@Test
	void refusesAPathPatternThatCannotMatchAnyRequest() {
		this.runner
			.withPropertyValues("mtls.authorization.rules[0].name=orders", "mtls.authorization.rules[0].action=allow",
					"mtls.authorization.rules[0].paths=orders/**")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].paths 'orders/**': rule 'orders' has an invalid path pattern: it does not start with '/'.",
					"Write a Spring PathPattern starting with '/', e.g. /orders/** or /orders/{id}."));
	}

	@Test
	void refusesAnUnknownMethod() {
		this.runner
			.withPropertyValues("mtls.authorization.rules[0].name=orders", "mtls.authorization.rules[0].action=allow",
					"mtls.authorization.rules[0].methods=GET,FETCH")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].methods 'FETCH': rule 'orders' lists an unknown HTTP method.",
					"Use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE, or leave methods empty for any."));
	}

	@Test
	void refusesAMalformedPeerPattern() {
		this.runner
			.withPropertyValues("mtls.authorization.rules[0].name=orders", "mtls.authorization.rules[0].action=allow",
					"mtls.authorization.rules[0].peers=spiffe://shop.example/***")
			.run((context) -> assertFailure(context,
					"Invalid mTLS configuration: mtls.authorization.rules[0].peers 'spiffe://shop.example/***': rule 'orders' has a malformed principal pattern (empty, contains whitespace, or has more than two '*' in a row).",
					"Use an exact principal or a glob"));
	}

	@Test
	void refusesAnUnknownModeThroughBootsBinding() {
		this.runner.withPropertyValues("mtls.authorization.anonymous=maybe").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maybe");
		});
	}

	private static void assertFailure(AssertableWebApplicationContext context, String description, String action) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof FailureAnalyzedException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("a FailureAnalyzedException in %s", context.getStartupFailure()).isNotNull();
		var analysis = ((FailureAnalyzedException) failure).analysis();
		assertThat(analysis.getDescription()).startsWith(description);
		assertThat(analysis.getAction()).startsWith(action);
	}

}
