package io.bluegreen.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real HTTP requests to a test application's web server.
 */
public final class Http {

	private static final HttpClient client = HttpClient.newHttpClient();

	private final ConfigurableApplicationContext app;

	private final String portProperty;

	public Http(ConfigurableApplicationContext app) {
		this(app, "local.server.port");
	}

	/**
	 * Requests to the port the environment names in a property, such as
	 * {@code local.management.port}.
	 */
	public Http(ConfigurableApplicationContext app, String portProperty) {
		this.app = app;
		this.portProperty = portProperty;
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	/**
	 * POST a body, as {@code application/json} unless the headers name a content type.
	 * @param path the path
	 * @param body the body
	 * @param headers more headers, as name and value pairs
	 * @return the response
	 */
	public HttpResponse<String> post(String path, String body, String... headers) {
		HttpRequest.Builder request = request(path, headers);
		boolean typed = false;
		for (int i = 0; i < headers.length; i += 2) {
			typed |= headers[i].equalsIgnoreCase("Content-Type");
		}
		if (!typed) {
			request.header("Content-Type", "application/json");
		}
		return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Send a request as given: no content type unless the headers name one.
	 * @param method the method
	 * @param path the path
	 * @param body the body, empty for none
	 * @param headers headers, as name and value pairs
	 * @return the response
	 */
	public HttpResponse<String> send(String method, String path, String body, String... headers) {
		return send(request(path, headers).method(method,
				body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String path, String... headers) {
		int port = this.app.getEnvironment().getRequiredProperty(this.portProperty, Integer.class);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		return (headers.length > 0) ? request.headers(headers) : request;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
