package dev.mtls.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response (Content-Length or chunked body) from a kept-alive connection,
 * just enough for the load generator.
 */
final class HttpResponses {

	private HttpResponses() {
	}

	/**
	 * What the load generator needs of a response.
	 * @param ok whether the status was 200
	 * @param close whether the server is closing the connection (Tomcat does after 100 requests)
	 */
	record Response(boolean ok, boolean close) {

	}

	/**
	 * Read a whole response.
	 * @param in the connection's buffered input
	 * @return the response
	 * @throws IOException if the connection fails or the response is malformed
	 */
	static Response read(InputStream in) throws IOException {
		String status = line(in);
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				close = true;
			}
		}
		if (chunked) {
			for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
				skip(in, size);
				line(in);
			}
			line(in);
		}
		else if (length >= 0) {
			skip(in, length);
		}
		else {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return new Response(status.startsWith("HTTP/1.1 200"), close);
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c < 0) {
				throw new EOFException("connection closed mid-response");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	private static void skip(InputStream in, long count) throws IOException {
		in.skipNBytes(count);
	}

}
