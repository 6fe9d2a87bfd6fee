package dev.mtls.boot.security;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import dev.mtls.boot.proxy.ForwardedCertificates;
import dev.mtls.boot.proxy.ForwardedCertificates.Forwarded;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts a client certificate forwarded by a trusted proxy where Spring Security's X.509 support and
 * {@link PeerAuthenticationFilter} look: the servlet request attribute. From any other source the
 * header is ignored; an unreadable one, or more than one, gets 400. A trusted proxy's request
 * without the header is anonymous: the proxy's own certificate is hidden (unless
 * {@code mtls.proxy.allow-proxy-identity}).
 *
 * @author mtls-spring-boot
 */
final class ForwardedCertificateFilter extends OncePerRequestFilter {

	private final ForwardedCertificates forwarded;

	ForwardedCertificateFilter(ForwardedCertificates forwarded) {
		this.forwarded = forwarded;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> values = Collections.list(request.getHeaders(this.forwarded.header()));
		X509Certificate[] peer = (request.getAttribute(
				PeerAuthenticationFilter.CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] certificates)
						? certificates : null;
		Forwarded decision = this.forwarded.read(values, request.getRemoteAddr(), peer);
		if (decision == null) {
			chain.doFilter(request, response);
			return;
		}
		switch (decision.outcome()) {
			case FORWARDED -> {
				request.setAttribute(PeerAuthenticationFilter.CERTIFICATE_ATTRIBUTE, decision.chain());
				request.setAttribute(PeerAuthenticator.FORWARDED_VERIFY_ATTRIBUTE, this.forwarded.verify());
			}
			case PROXY_WITHOUT_CERTIFICATE -> {
				request.setAttribute(PeerAuthenticator.PROXY_WITHOUT_CERTIFICATE_ATTRIBUTE, true);
				chain.doFilter(new ForwardedCertificateRequest(request, true), response);
				return;
			}
			case MALFORMED -> {
				PeerAuthenticationEntryPoint.write(response, HttpServletResponse.SC_BAD_REQUEST,
						Refusals.malformedForwardedCertificate(this.forwarded.header(), decision.reason()));
				return;
			}
			case EXPIRED -> {
				PeerAuthenticationEntryPoint.write(response, HttpServletResponse.SC_UNAUTHORIZED,
						Refusals.expiredForwardedCertificate(decision.reason()));
				return;
			}
			case UNTRUSTED_SOURCE -> {
				// Ignored: the request goes on as the connection's own peer, if any.
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * The request as the rest of the chain sees it: without the proxy's own certificate when it
	 * forwarded none.
	 */
	private static final class ForwardedCertificateRequest extends HttpServletRequestWrapper {

		private final boolean hidePeer;

		ForwardedCertificateRequest(HttpServletRequest request, boolean hidePeer) {
			super(request);
			this.hidePeer = hidePeer;
		}

		@Override
		public Object getAttribute(String name) {
			// Tomcat reads the TLS peer again when the attribute is removed, so it is hidden instead.
			return (this.hidePeer && PeerAuthenticationFilter.CERTIFICATE_ATTRIBUTE.equals(name)) ? null
					: super.getAttribute(name);
		}

	}

}
