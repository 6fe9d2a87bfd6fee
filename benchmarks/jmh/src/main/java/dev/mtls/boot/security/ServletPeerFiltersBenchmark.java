package dev.mtls.boot.security;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.mtls.boot.authorization.Authorizations;
import dev.mtls.boot.authorization.RequestAuthorization;
import dev.mtls.boot.core.PrincipalMode;
import dev.mtls.boot.devca.CertificateBuilder;
import dev.mtls.boot.devca.IssuedCertificate;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * What the starter's servlet filters add to a kept-alive request (default settings: no
 * authorization rules): {@link PeerAuthenticationFilter}, and before it counted on its own
 * {@link PeerAuthorizationFilter} too, in Security's
 * {@link FilterChainProxy} behind a no-op filter, against the no-op filter alone, with and without
 * Spring Security's filter-chain observations
 * (each filter in an observed chain records a before and an after event, which the Micrometer
 * handler counts). The request is built once; each call clears the security context and the
 * attributes the chain left on it (Security keeps a request's observation in one), as a new request
 * would have none.
 * {@link ServletPeerFiltersGuard} checks the difference against the per-request budget.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ServletPeerFiltersBenchmark {

	private static final Set<String> KEPT = Set.of(PeerAuthenticationFilter.CERTIFICATE_ATTRIBUTE,
			ServletConnection.LOCAL_PORT_ATTRIBUTE, ServletConnection.REMOTE_ADDRESS_ATTRIBUTE);

	@Param({ "true", "false" })
	boolean observed;

	/**
	 * The starter's filters as {@link MtlsHttpSecurity} adds them without authorization rules
	 * ({@code default}), or with the authorization filter that counted before
	 * ({@code authorization-filter}).
	 */
	@Param({ "default", "authorization-filter" })
	String wiring;

	private FilterChain starter;

	private FilterChain none;

	private MockHttpServletRequest request;

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Setup
	public void setUp() {
		IssuedCertificate ca = new CertificateBuilder().subject("CN=Benchmark CA").authority().issue();
		IssuedCertificate client = new CertificateBuilder().subject("CN=orders,O=shop")
			.uri("spiffe://shop.example/ns/prod/sa/orders")
			.issuedBy(ca)
			.issue();
		this.request = new MockHttpServletRequest("GET", "/hello");
		this.request.setAttribute(PeerAuthenticationFilter.CERTIFICATE_ATTRIBUTE,
				new X509Certificate[] { client.certificate() });
		this.request.setAttribute(ServletConnection.LOCAL_PORT_ATTRIBUTE, 8443);
		this.request.setAttribute(ServletConnection.REMOTE_ADDRESS_ATTRIBUTE, "127.0.0.1");
		PeerAuthenticator authenticator = new PeerAuthenticator(PrincipalMode.SPIFFE_ID_OR_CN, Grants.of(List.of()),
				null);
		Filter first = (request, response, chain) -> chain.doFilter(request, response);
		RequestAuthorization authorization = Authorizations.withoutRules();
		ManagementPort managementPort = new ManagementPort();
		PeerAuthenticationEntryPoint entryPoint = new PeerAuthenticationEntryPoint();
		// As MtlsHttpSecurity adds them by default, or as it did before (an authorization filter without rules).
		this.starter = proxy(this.wiring.equals("default")
				? List.of(first, new PeerAuthenticationFilter(authenticator, entryPoint, authorization, managementPort))
				: List.of(first, new PeerAuthenticationFilter(authenticator, entryPoint),
						new PeerAuthorizationFilter(authorization, managementPort)));
		this.none = proxy(List.of(first));
	}

	// Security's FilterChainProxy decorates a chain (observations) only when it has filters: both have a no-op one.
	private FilterChain proxy(List<Filter> filters) {
		FilterChainProxy proxy = new FilterChainProxy(new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, filters));
		if (this.observed) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
			proxy.setFilterChainDecorator(new ObservationFilterChainDecorator(registry));
		}
		proxy.afterPropertiesSet();
		FilterChain application = (request, response) -> {
		};
		return (request, response) -> proxy.doFilter(request, response, application);
	}

	@Benchmark
	public void starterFilters() throws ServletException, IOException {
		this.starter.doFilter(this.request, this.response);
		reset();
	}

	@Benchmark
	public void noFilters() throws ServletException, IOException {
		this.none.doFilter(this.request, this.response);
		reset();
	}

	private void reset() {
		SecurityContextHolder.clearContext();
		for (String name : Collections.list(this.request.getAttributeNames())) {
			if (!KEPT.contains(name)) {
				this.request.removeAttribute(name);
			}
		}
	}

}
