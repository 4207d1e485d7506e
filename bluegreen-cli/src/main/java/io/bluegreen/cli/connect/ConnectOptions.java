package io.bluegreen.cli.connect;

import java.net.URI;
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

	@Option(names = "--token", paramLabel = "<token>", description = "Sent as 'Authorization: Bearer <token>'.")
	private @Nullable String token;

	@Option(names = "--header", paramLabel = "<name: value>", converter = Options.HeaderConverter.class,
			description = "Another header for every request, such as 'Authorization: Basic ...', repeatable.")
	private List<Options.Header> headers = new ArrayList<>();

	@Option(names = "--json", description = "Print the result as one JSON document, for pipelines.")
	private boolean json;

	URI connect() {
		if (this.connect == null) {
			throw new ParameterException(this.spec.commandLine(),
					"no Connect cluster to talk to: give --connect or set BLUEGREEN_CONNECT_URL");
		}
		return this.connect;
	}

	ConnectClient client(URI url) {
		return new ConnectClient(url, new JsonHttp(Options.headers(this.headers, this.token)));
	}

	boolean json() {
		return this.json;
	}

}
