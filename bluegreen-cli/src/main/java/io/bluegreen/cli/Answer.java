package io.bluegreen.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An HTTP answer with its body read as JSON where it is JSON.
 *
 * @param uri where the request went
 * @param status the HTTP status
 * @param json the body, a missing node when it was empty or not JSON
 * @param text the body as received
 * @author bluegreen
 */
public record Answer(URI uri, int status, JsonNode json, String text) {

	private static final int SHOWN_TEXT = 200;

	/**
	 * Whether the status is a success (2xx).
	 * @return whether the request succeeded
	 */
	public boolean ok() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * Follow a path of object keys.
	 * @param keys the keys
	 * @return the node at the path, a missing node if any step is missing
	 */
	public JsonNode at(String... keys) {
		JsonNode node = this.json;
		for (String key : keys) {
			node = node.path(key);
		}
		return node;
	}

	/**
	 * The value at a path as text.
	 * @param keys the keys
	 * @return the text, numbers as written (integers stay integers), or {@code null} when
	 * missing or {@code null}
	 */
	public @Nullable String text(String... keys) {
		return text(at(keys));
	}

	/**
	 * A node as text.
	 * @param node a node
	 * @return its text, or {@code null} if it is missing or {@code null}
	 */
	public static @Nullable String text(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		return node.isValueNode() ? node.asString() : node.toString();
	}

	/**
	 * What an error answer says, for a person: an RFC 9457 problem's {@code detail}, else
	 * an {@code error}, else its {@code title}, else the start of the body; with the
	 * allowed values where the answer names them.
	 * @return the message
	 */
	public String problem() {
		String message = text("detail");
		if (message == null) {
			message = text("error");
		}
		if (message == null) {
			message = text("message");
		}
		if (message == null) {
			message = text("title");
		}
		if (message == null) {
			message = this.text.isBlank() ? "no body" : abbreviated(this.text.strip());
		}
		JsonNode allowed = at("allowed");
		if (allowed.isArray()) {
			List<String> values = new ArrayList<>();
			allowed.forEach((value) -> values.add(String.valueOf(text(value))));
			message += " (allowed: " + values + ")";
		}
		return message;
	}

	/**
	 * The start of the body, for messages about answers that cannot be read.
	 * @return at most a couple of hundred characters of the body
	 */
	public String shownText() {
		return this.text.isBlank() ? "an empty body" : "'" + abbreviated(this.text.strip()) + "'";
	}

	private static String abbreviated(String text) {
		return (text.length() <= SHOWN_TEXT) ? text : text.substring(0, SHOWN_TEXT) + "...";
	}

}
