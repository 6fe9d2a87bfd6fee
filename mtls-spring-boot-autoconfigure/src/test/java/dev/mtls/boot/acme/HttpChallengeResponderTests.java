package dev.mtls.boot.acme;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The http-01 responder answers the open order's tokens under /.well-known/acme-challenge/ and
 * nothing else.
 */
class HttpChallengeResponderTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void answersAKnownTokenWithItsKeyAuthorization() throws Exception {
		try (HttpChallengeResponder responder = HttpChallengeResponder.start(0)) {
			responder.answer("tok3n", "tok3n.thumbprint");
			HttpResponse<String> response = get(responder, "/.well-known/acme-challenge/tok3n");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("tok3n.thumbprint");
		}
	}

	@Test
	void answersNothingElse() throws Exception {
		try (HttpChallengeResponder responder = HttpChallengeResponder.start(0)) {
			responder.answer("tok3n", "tok3n.thumbprint");
			assertThat(get(responder, "/.well-known/acme-challenge/other").statusCode()).isEqualTo(404);
			assertThat(get(responder, "/tok3n").statusCode()).isEqualTo(404);
			assertThat(get(responder, "/actuator/health").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void failsNamingThePropertyWhenThePortIsTaken() {
		try (HttpChallengeResponder taken = HttpChallengeResponder.start(0)) {
			assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> HttpChallengeResponder.start(taken.port()))
				.withMessageStartingWith("Unable to listen on port " + taken.port()
						+ " for http-01 challenges (mtls.identity.acme.http-port): ");
		}
	}

	private HttpResponse<String> get(HttpChallengeResponder responder, String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + responder.port() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
