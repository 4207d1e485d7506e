package io.bluegreen.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Talks to one instance's {@code bluegreen} actuator endpoint over HTTP.
 *
 * @author bluegreen
 */
final class InstanceClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI endpoint;

	private final List<String> headers;

	/**
	 * Create a client.
	 * @param endpoint the endpoint, such as {@code http://host:8081/actuator/bluegreen}
	 * @param headers headers for every request, as name and value pairs
	 */
	InstanceClient(URI endpoint, List<String> headers) {
		this.endpoint = endpoint;
		this.headers = headers;
	}

	/**
	 * Read the lifecycle and the fleet.
	 * @return the answer
	 */
	Answer read() throws IOException, InterruptedException {
		return send(request(Duration.ofSeconds(10)).GET());
	}

	/**
	 * Ask for the deployment to switch to a color, and wait for the outcome.
	 * @param color the color
	 * @param timeout how long to wait
	 * @return the answer
	 */
	Answer switchTo(String color, Duration timeout) throws IOException, InterruptedException {
		String body = "{\"active\":\"" + color.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
		return send(request(timeout).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(Duration timeout) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint).timeout(timeout);
		return this.headers.isEmpty() ? request : request.headers(this.headers.toArray(String[]::new));
	}

	private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		Object body = null;
		try {
			body = response.body().isBlank() ? null : Json.parse(response.body());
		}
		catch (IllegalArgumentException ex) {
			// not JSON, such as an error page of a proxy: the status says what happened
		}
		return new Answer(response.statusCode(), body, response.body());
	}

	/**
	 * An answer of the endpoint.
	 *
	 * @param status the HTTP status
	 * @param json the parsed body, or {@code null} if it was not JSON
	 * @param text the body as received
	 */
	record Answer(int status, @Nullable Object json, String text) {

		@Nullable Object at(String... keys) {
			return Json.at(this.json, keys);
		}

	}

}
