package io.bluegreen.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that name the instance to talk to and how to authenticate.
 *
 * @author bluegreen
 */
final class InstanceOptions {

	@Spec(Spec.Target.MIXEE)
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Option(names = "--url", paramLabel = "<url>", converter = Options.HttpUrlConverter.class,
			description = "The bluegreen endpoint of any instance, such as "
					+ "http://orders-blue-0.orders:8081/actuator/bluegreen (or BLUEGREEN_URL).")
	private @Nullable URI url;

	@Option(names = "--token", paramLabel = "<token>",
			description = "Sent as 'Authorization: Bearer <token>' (or BLUEGREEN_TOKEN).")
	private @Nullable String token;

	@Option(names = "--header", paramLabel = "<name: value>", converter = Options.HeaderConverter.class,
			description = "Another header for every request, repeatable.")
	private List<Options.Header> headers = new ArrayList<>();

	InstanceClient client() {
		if (this.url == null) {
			throw new ParameterException(this.spec.commandLine(), "no instance to talk to: give --url or set BLUEGREEN_URL");
		}
		return new InstanceClient(this.url, new JsonHttp(Options.headers(this.headers, this.token)));
	}

}
