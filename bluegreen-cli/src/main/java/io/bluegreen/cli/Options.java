package io.bluegreen.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
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
		return headers(headers, token, null);
	}

	/**
	 * Headers for every request: the {@code --header} values, the bearer token and the
	 * HTTP Basic credentials.
	 * @param headers {@code Name: value} headers
	 * @param token a token sent as {@code Authorization: Bearer}, or {@code null}
	 * @param user {@code name:password} sent as {@code Authorization: Basic}, or
	 * {@code null}
	 * @return name and value pairs
	 */
	public static List<String> headers(List<Header> headers, @Nullable String token, @Nullable String user) {
		List<String> pairs = new ArrayList<>();
		headers.forEach((header) -> {
			pairs.add(header.name());
			pairs.add(header.value());
		});
		if (token != null && !token.isBlank()) {
			pairs.add("Authorization");
			pairs.add("Bearer " + token);
		}
		if (user != null && !user.isBlank()) {
			pairs.add("Authorization");
			pairs.add("Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
		}
		return pairs;
	}

	/**
	 * The TLS context of the {@code --cacert} and {@code --truststore} options.
	 * @param spec the command, for a usage error
	 * @param caCert a PEM file, or {@code null}
	 * @param trustStore a trust store, or {@code null}
	 * @param trustStorePassword its password, or {@code null}
	 * @return the context, or {@code null} for the JDK's default
	 */
	public static @Nullable SSLContext tls(CommandSpec spec, @Nullable Path caCert, @Nullable Path trustStore,
			@Nullable String trustStorePassword) {
		try {
			return Tls.context(caCert, trustStore, trustStorePassword);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new ParameterException(spec.commandLine(),
					"cannot use the certificates of "
							+ ((caCert != null) ? "--cacert " + caCert : "--truststore " + trustStore) + ": "
							+ ex.getMessage());
		}
	}

	/**
	 * Reads {@code name:password}.
	 */
	public static final class UserConverter implements ITypeConverter<String> {

		@Override
		public String convert(String value) {
			if (value.indexOf(':') <= 0) {
				throw new TypeConversionException("needs 'name:password', not a value without a name and a colon");
			}
			return value;
		}

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
