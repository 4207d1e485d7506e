package io.bluegreen.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters and checks shared by the commands' options.
 *
 * @author bluegreen
 */
public final class Options {

	private Options() {
	}

	/**
	 * Headers for every request: the {@code --header} values and the bearer token.
	 * @param headers {@code Name: value} headers
	 * @param token a token sent as {@code Authorization: Bearer}, or {@code null}
	 * @return name and value pairs
	 */
	public static List<String> headers(List<Header> headers, @Nullable String token) {
		List<String> pairs = new ArrayList<>();
		headers.forEach((header) -> {
			pairs.add(header.name());
			pairs.add(header.value());
		});
		if (token != null && !token.isBlank()) {
			pairs.add("Authorization");
			pairs.add("Bearer " + token);
		}
		return pairs;
	}

	/**
	 * An HTTP header given as {@code Name: value}.
	 *
	 * @param name the name
	 * @param value the value
	 */
	public record Header(String name, String value) {

	}

	/**
	 * Reads {@code Name: value}.
	 */
	public static final class HeaderConverter implements ITypeConverter<Header> {

		@Override
		public Header convert(String value) {
			int colon = value.indexOf(':');
			if (colon <= 0) {
				throw new TypeConversionException("needs 'Name: value', not '" + value + "'");
			}
			return new Header(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
		}

	}

	/**
	 * Reads an http or https URL.
	 */
	public static final class HttpUrlConverter implements ITypeConverter<URI> {

		@Override
		public URI convert(String value) {
			URI uri;
			try {
				uri = URI.create(value);
			}
			catch (IllegalArgumentException ex) {
				throw new TypeConversionException("not a URL: '" + value + "'");
			}
			if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new TypeConversionException("needs an http or https URL, not '" + value + "'");
			}
			return uri;
		}

	}

	/**
	 * Reads a positive number of seconds.
	 */
	public static final class SecondsConverter implements ITypeConverter<Integer> {

		@Override
		public Integer convert(String value) {
			try {
				int seconds = Integer.parseInt(value);
				if (seconds > 0) {
					return seconds;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new TypeConversionException("needs a positive number of seconds, not '" + value + "'");
		}

	}

}
