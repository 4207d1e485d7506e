package io.bluegreen.integration.argo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the labels file of a Downward API volume: one {@code key="value"} line per
 * label, the value quoted with backslash escapes.
 *
 * @author bluegreen
 */
public final class PodLabels {

	private PodLabels() {
	}

	/**
	 * Parse the content of a labels file.
	 * @param content the content
	 * @return the labels, in file order
	 * @throws IllegalArgumentException if a line is not {@code key="value"}
	 */
	public static Map<String, String> parse(String content) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (String line : content.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			int equals = line.indexOf('=');
			String value = (equals > 0) ? line.substring(equals + 1).strip() : "";
			if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
				throw new IllegalArgumentException("Not a Downward API label line (key=\"value\"): " + line);
			}
			labels.put(line.substring(0, equals).strip(), unquote(value.substring(1, value.length() - 1)));
		}
		return labels;
	}

	private static String unquote(String quoted) {
		StringBuilder value = new StringBuilder(quoted.length());
		for (int i = 0; i < quoted.length(); i++) {
			char c = quoted.charAt(i);
			if (c == '\\' && i + 1 < quoted.length()) {
				char escaped = quoted.charAt(++i);
				value.append(switch (escaped) {
					case 'n' -> '\n';
					case 't' -> '\t';
					default -> escaped;
				});
			}
			else {
				value.append(c);
			}
		}
		return value.toString();
	}

}
