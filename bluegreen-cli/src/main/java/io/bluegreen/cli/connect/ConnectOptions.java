package io.bluegreen.cli.connect;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.bluegreen.cli.JsonHttp;
import io.bluegreen.cli.Options;

/**
 * The options that name a Connect cluster and how to authenticate.
 *
 * @author bluegreen
 */
final class ConnectOptions {

	@Spec(Spec.Target.MIXEE)
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Option(names = "--connect", paramLabel = "<url>", converter = Options.HttpUrlConverter.class,
			description = "The REST URL of any worker of the Connect cluster, such as http://connect:8083 "
					+ "(or BLUEGREEN_CONNECT_URL).")
	private @Nullable URI connect;

	@Option(names = "--token", paramLabel = "<token>",
			description = "Sent as 'Authorization: Bearer <token>' to the --connect cluster only.")
	private @Nullable String token;

	@Option(names = "--header", paramLabel = "<name: value>", converter = Options.HeaderConverter.class,
			description = "Another header for every request to the --connect cluster only, such as "
					+ "'Authorization: Basic ...', repeatable.")
	private List<Options.Header> headers = new ArrayList<>();

	@Option(names = "--connect-to-token", paramLabel = "<token>",
			description = "Sent as 'Authorization: Bearer <token>' to the --connect-to cluster.")
	private @Nullable String toToken;

	@Option(names = "--connect-to-header", paramLabel = "<name: value>", converter = Options.HeaderConverter.class,
			description = "A header for every request to the --connect-to cluster, repeatable.")
	private List<Options.Header> toHeaders = new ArrayList<>();

	@Option(names = "--cacert", paramLabel = "<file>",
			description = "PEM certificates of a private CA to trust as well as the JDK's (or BLUEGREEN_CACERT).")
	private @Nullable Path caCert;

	@Option(names = "--truststore", paramLabel = "<file>",
			description = "A trust store (PKCS12 or JKS) of certificates to trust as well as the JDK's.")
	private @Nullable Path trustStore;

	@Option(names = "--truststore-password", paramLabel = "<password>",
			description = "The trust store's password (or BLUEGREEN_TRUSTSTORE_PASSWORD).")
	private @Nullable String trustStorePassword;

	@Option(names = "--json", description = "Print the result as one JSON document, for pipelines.")
	private boolean json;

	URI connect() {
		if (this.connect == null) {
			throw new ParameterException(this.spec.commandLine(),
					"no Connect cluster to talk to: give --connect or set BLUEGREEN_CONNECT_URL");
		}
		return this.connect;
	}

	/**
	 * A client of a cluster, with that cluster's headers and token only: those of
	 * {@code --connect} for it, those of {@code --connect-to} for another, so that one
	 * cluster's credentials never reach the other.
	 */
	ConnectClient client(URI url) {
		List<String> headers = url.equals(this.connect) ? Options.headers(this.headers, this.token)
				: Options.headers(this.toHeaders, this.toToken);
		return new ConnectClient(url,
				new JsonHttp(headers, Options.tls(this.spec, this.caCert, this.trustStore, this.trustStorePassword)));
	}

	boolean json() {
		return this.json;
	}

}
