package dev.mtls.boot.acme;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mtls.boot.acme.AcmeOrders.AcmeOrderException;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * Answers http-01 challenges (RFC 8555 section 8.3): a plain HTTP listener, separate from the
 * application's mTLS port, that serves {@code /.well-known/acme-challenge/<token>} for the tokens of
 * the open order and nothing else. It listens only while an order is open.
 *
 * @author mtls-spring-boot
 */
final class HttpChallengeResponder implements ChallengeResponder {

	static final String PATH = "/.well-known/acme-challenge/";

	private final Map<String, String> answers = new ConcurrentHashMap<>();

	private final HttpServer server;

	private HttpChallengeResponder(HttpServer server) {
		this.server = server;
	}

	/**
	 * Start listening on all interfaces: the CA connects from outside.
	 * @param port the port, 0 for any free one
	 * @return the running responder
	 */
	static HttpChallengeResponder start(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
			HttpChallengeResponder responder = new HttpChallengeResponder(server);
			server.createContext("/", responder::handle);
			server.start();
			return responder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to listen on port " + port
					+ " for http-01 challenges (mtls.identity.acme.http-port): " + ex.getMessage(), ex);
		}
	}

	@Override
	public Challenge prepare(Authorization authorization) {
		String domain = authorization.getIdentifier().getDomain();
		Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class)
			.orElseThrow(() -> new AcmeOrderException("the CA offers no http-01 challenge for " + domain));
		answer(challenge.getToken(), challenge.getAuthorization());
		return challenge;
	}

	void answer(String token, String keyAuthorization) {
		this.answers.put(token, keyAuthorization);
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String answer = (path.startsWith(PATH) && "GET".equals(exchange.getRequestMethod()))
					? this.answers.get(path.substring(PATH.length())) : null;
			if (answer == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
			exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
