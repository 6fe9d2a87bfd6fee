package dev.mtls.boot.acme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.mtls.boot.acme.AcmeOrders.AcmeOrderException;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;

/**
 * Answers tls-alpn-01 challenges (RFC 8737): a TLS listener, separate from the application's mTLS
 * port, that negotiates only ALPN {@code acme-tls/1} and presents, for the domain the CA names in
 * SNI, a self-signed certificate carrying the challenge's {@code acmeIdentifier}. It completes the
 * handshake and closes: nothing is served over it. It listens only while an order is open.
 *
 * @author mtls-spring-boot
 */
final class TlsAlpnChallengeResponder implements ChallengeResponder {

	private final Map<String, Answer> answers;

	private final SSLServerSocket socket;

	private final Thread acceptor;

	private TlsAlpnChallengeResponder(SSLContext context, int port, Map<String, Answer> answers) throws IOException {
		this.answers = answers;
		this.socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
		this.socket.setReuseAddress(true);
		this.socket.bind(new InetSocketAddress(port));
		SSLParameters parameters = this.socket.getSSLParameters();
		parameters.setApplicationProtocols(new String[] { TlsAlpn01Challenge.ACME_TLS_1_PROTOCOL });
		parameters.setProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
		this.socket.setSSLParameters(parameters);
		this.acceptor = new Thread(this::accept, "mtls-acme-tls-alpn");
		this.acceptor.setDaemon(true);
	}

	/**
	 * Start listening on all interfaces: the CA connects from outside.
	 * @param port the port, 0 for any free one
	 * @return the running responder
	 */
	static TlsAlpnChallengeResponder start(int port) {
		try {
			Map<String, Answer> answers = new ConcurrentHashMap<>();
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new KeyManager[] { new AnswerKeyManager(answers) }, null, null);
			TlsAlpnChallengeResponder responder = new TlsAlpnChallengeResponder(context, port, answers);
			responder.acceptor.start();
			return responder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to listen on port " + port
					+ " for tls-alpn-01 challenges (mtls.identity.acme.tls-port): " + ex.getMessage(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("No TLS in this JDK", ex);
		}
	}

	@Override
	public Challenge prepare(Authorization authorization) {
		String domain = authorization.getIdentifier().getDomain();
		TlsAlpn01Challenge challenge = authorization.findChallenge(TlsAlpn01Challenge.class)
			.orElseThrow(() -> new AcmeOrderException("the CA offers no tls-alpn-01 challenge for " + domain));
		KeyPair key = rsaKeyPair();
		X509Certificate certificate = challenge.createCertificate(key, authorization.getIdentifier());
		this.answers.put(domain.toLowerCase(Locale.ROOT), new Answer(certificate, key.getPrivate()));
		return challenge;
	}

	// acme4j signs the challenge certificate with SHA256withRSA.
	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("No RSA key pair generator in this JDK", ex);
		}
	}

	int port() {
		return this.socket.getLocalPort();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try (SSLSocket connection = (SSLSocket) this.socket.accept()) {
				connection.setSoTimeout(10_000);
				// The CA only checks the handshake: the certificate and the negotiated protocol.
				connection.startHandshake();
			}
			catch (IOException ex) {
				// A closed listener ends the loop; a failed handshake (a scanner, a wrong SNI) is the
				// other side's problem and the CA reports its own view of it.
			}
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	private record Answer(X509Certificate certificate, PrivateKey key) {
	}

	/**
	 * Chooses the challenge certificate of the domain the client asked for in SNI.
	 */
	private static final class AnswerKeyManager extends X509ExtendedKeyManager {

		private final Map<String, Answer> answers;

		AnswerKeyManager(Map<String, Answer> answers) {
			this.answers = answers;
		}

		@Override
		public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, Socket socket) {
			return alias(keyType, ((SSLSocket) socket).getHandshakeSession());
		}

		@Override
		public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
				SSLEngine engine) {
			return alias(keyType, engine.getHandshakeSession());
		}

		private @Nullable String alias(String keyType, @Nullable SSLSession session) {
			if (!"RSA".equals(keyType) || !(session instanceof ExtendedSSLSession extended)) {
				return null;
			}
			for (SNIServerName name : extended.getRequestedServerNames()) {
				if (name instanceof SNIHostName host
						&& this.answers.containsKey(host.getAsciiName().toLowerCase(Locale.ROOT))) {
					return host.getAsciiName().toLowerCase(Locale.ROOT);
				}
			}
			return null;
		}

		@Override
		public X509Certificate @Nullable [] getCertificateChain(String alias) {
			Answer answer = this.answers.get(alias);
			return (answer != null) ? new X509Certificate[] { answer.certificate() } : null;
		}

		@Override
		public @Nullable PrivateKey getPrivateKey(String alias) {
			Answer answer = this.answers.get(alias);
			return (answer != null) ? answer.key() : null;
		}

		@Override
		public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
			return this.answers.keySet().toArray(String[]::new);
		}

		@Override
		public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
			return null;
		}

		@Override
		public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, Socket socket) {
			return null;
		}

	}

}
