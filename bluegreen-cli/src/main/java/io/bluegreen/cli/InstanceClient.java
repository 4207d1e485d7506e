package io.bluegreen.cli;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to one instance's {@code bluegreen} actuator endpoint.
 *
 * @author bluegreen
 */
final class InstanceClient {

	private final URI endpoint;

	private final JsonHttp http;

	/**
	 * Create a client.
	 * @param endpoint the endpoint, such as {@code http://host:8081/actuator/bluegreen}
	 * @param http the HTTP client
	 */
	InstanceClient(URI endpoint, JsonHttp http) {
		this.endpoint = endpoint;
		this.http = http;
	}

	URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Read the lifecycle and the fleet.
	 * @return the answer
	 */
	Answer read() throws IOException, InterruptedException {
		return this.http.send("GET", this.endpoint, null, Duration.ofSeconds(10));
	}

	/**
	 * Ask for the deployment to switch to a color, and wait for the outcome.
	 * @param color the color
	 * @param timeout how long to wait
	 * @return the answer
	 */
	Answer switchTo(String color, Duration timeout) throws IOException, InterruptedException {
		return this.http.send("POST", this.endpoint, Map.of("active", color), timeout);
	}

}
