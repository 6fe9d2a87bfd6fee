package dev.mtls.boot.tools.doctor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.mtls.boot.core.Identity;
import dev.mtls.boot.core.PresentingKeyManager;
import dev.mtls.boot.core.RefusalReason;
import dev.mtls.boot.core.TrustSet;
import dev.mtls.boot.doctor.Finding;
import dev.mtls.boot.doctor.MaterialChecks;

import org.jspecify.annotations.Nullable;

/**
 * Connects to an mTLS server as this identity and reports what happened: the server's chain and
 * whether the trust set accepts it (host name included), the CAs the server accepts client
 * certificates from, protocol and cipher, and whether the server accepted this identity (TLS 1.3
 * servers say so only after the handshake, so one HTTP request is sent).
 *
 * @author mtls-spring-boot
 */
final class EndpointCheck {

	private final Duration timeout;

	EndpointCheck(Duration timeout) {
		this.timeout = timeout;
	}

	List<Finding> check(URI url, Identity identity, TrustSet trust) {
		return check(url, new Material(identity, trust));
	}

	private List<Finding> check(URI url, Material material) {
		String topic = url.toString();
		List<Finding> findings = new ArrayList<>();
		String host = url.getHost();
		int port = (url.getPort() != -1) ? url.getPort() : 443;
		Recording recording = new Recording(material);
		try (SSLSocket socket = (SSLSocket) sslContext(recording, material).getSocketFactory().createSocket()) {
			socket.connect(new InetSocketAddress(host, port), (int) this.timeout.toMillis());
			socket.setSoTimeout((int) this.timeout.toMillis());
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			if (!Character.isDigit(host.charAt(0)) && !host.contains(":")) {
				parameters.setServerNames(List.of(new SNIHostName(host)));
			}
			socket.setSSLParameters(parameters);
			try {
				socket.startHandshake();
			}
			catch (SSLException ex) {
				serverChain(topic, recording, findings);
				findings.add(Finding.error(topic, "the handshake failed: " + ex.getMessage(), handshakeFix(ex.getMessage())));
				return findings;
			}
			SSLSession session = socket.getSession();
			serverChain(topic, recording, findings);
			findings.add(Finding.info(topic, "protocol %s, cipher %s".formatted(session.getProtocol(), session.getCipherSuite())));
			acceptedCas(topic, recording, material, findings);
			request(topic, socket, host, findings);
		}
		catch (IOException ex) {
			findings.add(Finding.error(topic, "cannot connect: " + ex,
					"Check the host name and port, and that the server is up and reachable from here."));
		}
		return findings;
	}

	private void serverChain(String topic, Recording recording, List<Finding> findings) {
		X509Certificate[] chain = recording.serverChain;
		if (chain == null) {
			return;
		}
		findings.add(Finding.info(topic, "server certificate %s issued by %s, valid until %s".formatted(
				MaterialChecks.name(chain[0]), chain[0].getIssuerX500Principal().getName(),
				chain[0].getNotAfter().toInstant())));
		if (recording.serverFailure == null) {
			findings.add(Finding.ok(topic, "the trust set accepts the server certificate for this host name"));
		}
		else {
			String message = recording.serverFailure.getMessage();
			boolean hostName = message != null && message.contains("No subject alternative");
			// Validity before trust: an expired certificate from a trusted CA needs renewing, not trusting.
			RefusalReason reason = RefusalReason.of(recording.serverFailure);
			String issuer = chain[chain.length - 1].getIssuerX500Principal().getName();
			String fix = switch (reason) {
				case EXPIRED -> "The server certificate expired at %s: the server must renew it (its CA is not the problem)."
					.formatted(chain[0].getNotAfter().toInstant());
				case NOT_YET_VALID -> "The server certificate is not valid before %s: check the clocks of both hosts."
					.formatted(chain[0].getNotBefore().toInstant());
				case REVOKED, BAD_USAGE -> reason.hint("client", issuer);
				default -> hostName
						? "Use a host name the server certificate names (its DNS SANs), or reissue it with this one."
						: "Add the server's issuing CA (" + issuer + ") to mtls.trust.certificates.";
			};
			findings.add(Finding.error(topic, "the trust set does not accept the server certificate: " + message, fix));
		}
	}

	private void acceptedCas(String topic, Recording recording, Material material, List<Finding> findings) {
		if (recording.acceptedIssuers == null) {
			findings.add(Finding.warning(topic, "the server did not ask for a client certificate",
					"If it should, set server.ssl.client-auth=need or mtls.server.client-auth=need there."));
			return;
		}
		List<String> names = Arrays.stream(recording.acceptedIssuers).map(Principal::getName).toList();
		findings.add(Finding.info(topic, "the server accepts client certificates from: "
				+ (names.isEmpty() ? "any CA (it sent no list)" : String.join("; ", names))));
		List<X509Certificate> chain = material.identity().chain();
		String ourIssuer = chain.get(chain.size() - 1).getIssuerX500Principal().getName();
		boolean listed = names.isEmpty() || chain.stream()
			.anyMatch((certificate) -> names.contains(certificate.getIssuerX500Principal().getName()));
		if (!listed) {
			findings.add(Finding.warning(topic, "the server's list does not include this identity's issuer (" + ourIssuer
					+ "): it will refuse this certificate as untrusted",
					"Add " + ourIssuer + " to the server's trust set, or use an identity from a CA it lists."));
		}
	}

	private void request(String topic, SSLSocket socket, String host, List<Finding> findings) {
		try {
			OutputStream out = socket.getOutputStream();
			out.write(("HEAD / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String status = in.readLine();
			if (status == null) {
				findings.add(Finding.error(topic, "the server closed the connection without answering",
						"Look at the server's log for a refused client certificate."));
			}
			else {
				findings.add(Finding.ok(topic, "the server accepted this identity (" + status + ")"));
			}
		}
		catch (IOException ex) {
			findings.add(Finding.error(topic, "the server refused this identity after the handshake: " + ex.getMessage(),
					handshakeFix(ex.getMessage())));
		}
	}

	private static String handshakeFix(@Nullable String message) {
		String text = String.valueOf(message);
		if (text.contains("certificate_required")) {
			return "The server wants a client certificate this identity does not provide or that its CA list excludes: "
					+ "check mtls.identity and the server's trust set.";
		}
		if (text.contains("unknown_ca") || text.contains("bad_certificate")) {
			return "The server does not trust this identity's CA: add it to the server's trust set.";
		}
		if (text.contains("certificate_expired")) {
			return "The server finds this identity expired: renew it.";
		}
		if (text.contains("certificate_revoked")) {
			return "The server finds this identity revoked: issue a new one.";
		}
		if (text.contains("unsupported_certificate")) {
			return "The server refuses the certificate's key usage: reissue it with extended key usage clientAuth.";
		}
		if (text.contains("certificate_unknown")) {
			// Java servers send this for every refused client certificate, whatever the reason.
			return "The server refused this identity without saying why (untrusted, revoked, expired or wrong usage): "
					+ "look for the refusal in the server's log, or run the doctor with the server's settings and "
					+ "--peer=<this identity's certificate>.";
		}
		if (text.contains("protocol_version") || text.contains("handshake_failure")) {
			return "No common protocol or cipher: check mtls.server.protocols / ciphers on both sides.";
		}
		return "Compare with the server's log: it names the refused peer and the reason.";
	}

	private SSLContext sslContext(Recording recording, Material material) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new javax.net.ssl.KeyManager[] { recording.keyManager() },
					new javax.net.ssl.TrustManager[] { recording.trustManager(trustManager(material)) }, null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Could not create the doctor's SSL context", ex);
		}
	}

	private static X509ExtendedTrustManager trustManager(Material material)
			throws GeneralSecurityException, IOException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		if (material.trust().anchors().isEmpty()) {
			factory.init((KeyStore) null);
		}
		else {
			KeyStore anchors = KeyStore.getInstance("PKCS12");
			anchors.load(null, null);
			int i = 0;
			for (X509Certificate anchor : material.trust().anchors()) {
				anchors.setCertificateEntry("ca-" + i++, anchor);
			}
			factory.init(anchors);
		}
		return (X509ExtendedTrustManager) Arrays.stream(factory.getTrustManagers())
			.filter(X509ExtendedTrustManager.class::isInstance)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * What the handshake showed: the CA names the server sent, the server's chain, and why the trust
	 * set refused it. The doctor's connection always presents the identity and never aborts on an
	 * untrusted server, so that everything can be reported; it sends no data but one HEAD request.
	 */
	private static final class Recording {

		private final Material material;

		private Principal @Nullable [] acceptedIssuers;

		private X509Certificate @Nullable [] serverChain;

		private @Nullable CertificateException serverFailure;

		Recording(Material material) {
			this.material = material;
		}

		X509ExtendedKeyManager keyManager() {
			return new PresentingKeyManager(this.material.identity().chain(), this.material.identity().privateKey(),
					(issuers) -> this.acceptedIssuers = issuers);
		}

		X509ExtendedTrustManager trustManager(X509ExtendedTrustManager delegate) {
			return new X509ExtendedTrustManager() {

				@Override
				public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket) {
					Recording.this.serverChain = chain;
					try {
						delegate.checkServerTrusted(chain, authType, socket);
					}
					catch (CertificateException ex) {
						Recording.this.serverFailure = ex;
					}
				}

				@Override
				public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
					Recording.this.serverChain = chain;
					try {
						delegate.checkServerTrusted(chain, authType, engine);
					}
					catch (CertificateException ex) {
						Recording.this.serverFailure = ex;
					}
				}

				@Override
				public void checkServerTrusted(X509Certificate[] chain, String authType) {
					checkServerTrusted(chain, authType, (Socket) null);
				}

				@Override
				public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
						throws CertificateException {
					throw new CertificateException("the doctor is only a client");
				}

				@Override
				public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
						throws CertificateException {
					throw new CertificateException("the doctor is only a client");
				}

				@Override
				public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
					throw new CertificateException("the doctor is only a client");
				}

				@Override
				public X509Certificate[] getAcceptedIssuers() {
					return delegate.getAcceptedIssuers();
				}

			};
		}

	}

	private record Material(Identity identity, TrustSet trust) {

	}

}
