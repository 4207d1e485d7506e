package io.bluegreen.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * JSON over HTTP with the JDK's client, the same headers on every request.
 *
 * @author bluegreen
 */
public final class JsonHttp {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http;

	private final List<String> headers;

	/**
	 * Create a client that trusts the JDK's certificate authorities.
	 * @param headers headers for every request, as name and value pairs
	 */
	public JsonHttp(List<String> headers) {
		this(headers, null);
	}

	/**
	 * Create a client.
	 * @param headers headers for every request, as name and value pairs
	 * @param tls the TLS context whose certificate authorities to trust, or {@code null}
	 * for the JDK's
	 */
	public JsonHttp(List<String> headers, @Nullable SSLContext tls) {
		this.headers = List.copyOf(headers);
		HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
		this.http = ((tls != null) ? builder.sslContext(tls) : builder).build();
	}

	/**
	 * Send a request and read the answer.
	 * @param method the HTTP method
	 * @param uri where to
	 * @param body the body, written as JSON, or {@code null} for none
	 * @param timeout how long to wait for the answer
	 * @return the answer
	 * @throws IOException if there was no answer; {@link #notSent(IOException)} tells
	 * whether the request reached the server
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Answer send(String method, URI uri, @Nullable Object body, Duration timeout)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
		if (!this.headers.isEmpty()) {
			request.headers(this.headers.toArray(String[]::new));
		}
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IllegalArgumentException ex) {
			// such as a header the JDK's client refuses
			// to send: nothing left this process
			throw new ConnectException("cannot send to " + uri + ": " + ex.getMessage());
		}
		return new Answer(uri, response.statusCode(), parse(response.body()), response.body());
	}

	/**
	 * Whether a failed request cannot have reached the server: no connection was made.
	 * @param ex why the request failed
	 * @return {@code true} if nothing was asked
	 */
	public static boolean notSent(IOException ex) {
		return ex instanceof ConnectException || ex instanceof HttpConnectTimeoutException;
	}

	/**
	 * Read a body as JSON.
	 * @param text the body
	 * @return its value, or a missing node when it is empty or not JSON (such as an error
	 * page of a proxy, or a truncated body)
	 */
	public static JsonNode parse(String text) {
		if (text.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			return MissingNode.getInstance();
		}
	}

	/**
	 * Write a value as JSON.
	 * @param value the value
	 * @return its JSON text
	 */
	public static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

}
