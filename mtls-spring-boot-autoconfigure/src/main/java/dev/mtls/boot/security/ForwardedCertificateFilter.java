package dev.mtls.boot.security;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import dev.mtls.boot.proxy.ForwardedCertificates;
import dev.mtls.boot.proxy.ForwardedCertificates.Forwarded;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts a client certificate forwarded by a trusted proxy where Spring Security's X.509 support and
 * {@link PeerAuthenticationFilter} look: the servlet request attribute. From any other source the
 * header is ignored; an unreadable one, or more than one, gets 400. A trusted proxy's request
 * without the header is anonymous: the proxy's own certificate is hidden (unless
 * {@code mtls.proxy.allow-proxy-identity}). Whatever became of the header, the rest of the chain
 * and the application do not see it.
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
		X509Certificate[] peer = (request.getAttribute(
				PeerAuthenticationFilter.CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] certificates)
						? certificates : null;
		Forwarded decision = this.forwarded.read((name) -> Collections.list(request.getHeaders(name)),
				ServletConnection.remoteAddress(request), peer);
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
				chain.doFilter(new ForwardedCertificateRequest(request, this.forwarded.headers(), true), response);
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
		chain.doFilter(new ForwardedCertificateRequest(request, this.forwarded.headers(), false), response);
	}

	/**
	 * The request as the rest of the chain sees it: without the headers, so that an application
	 * calling onward cannot pass a caller's header on, and without the proxy's own certificate
	 * when it forwarded none.
	 */
	private static final class ForwardedCertificateRequest extends HttpServletRequestWrapper {

		private final List<String> headers;

		private final boolean hidePeer;

		ForwardedCertificateRequest(HttpServletRequest request, List<String> headers, boolean hidePeer) {
			super(request);
			this.headers = headers;
			this.hidePeer = hidePeer;
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			// Tomcat reads the TLS peer again when the attribute is removed, so it is hidden instead.
			return (this.hidePeer && PeerAuthenticationFilter.CERTIFICATE_ATTRIBUTE.equals(name)) ? null
					: super.getAttribute(name);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return hidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(
					Collections.list(super.getHeaderNames()).stream().filter((name) -> !hidden(name)).toList());
		}

		@Override
		public int getIntHeader(String name) {
			return hidden(name) ? -1 : super.getIntHeader(name);
		}

		@Override
		public long getDateHeader(String name) {
			return hidden(name) ? -1 : super.getDateHeader(name);
		}

		private boolean hidden(String name) {
			return this.headers.stream().anyMatch(name::equalsIgnoreCase);
		}

	}

}
