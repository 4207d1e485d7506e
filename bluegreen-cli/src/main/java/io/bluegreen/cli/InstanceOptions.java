package io.bluegreen.cli;

import java.net.URI;
import java.nio.file.Path;
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
			description = "Sent as 'Authorization: Bearer <token>' (or BLUEGREEN_TOKEN): the application's "
					+ "bluegreen.access.token, or a token of a Spring Security resource server.")
	private @Nullable String token;

	@Option(names = "--user", paramLabel = "<name:password>", converter = Options.UserConverter.class,
			description = "Sent as HTTP Basic (or BLUEGREEN_USER), for Spring Security's httpBasic().")
	private @Nullable String user;

	@Option(names = "--cacert", paramLabel = "<file>",
			description = "PEM certificates of a private CA to trust as well as the JDK's (or BLUEGREEN_CACERT).")
	private @Nullable Path caCert;

	@Option(names = "--truststore", paramLabel = "<file>",
			description = "A trust store (PKCS12 or JKS) of certificates to trust as well as the JDK's.")
	private @Nullable Path trustStore;

	@Option(names = "--truststore-password", paramLabel = "<password>",
			description = "The trust store's password (or BLUEGREEN_TRUSTSTORE_PASSWORD).")
	private @Nullable String trustStorePassword;

	@Option(names = "--header", paramLabel = "<name: value>", converter = Options.HeaderConverter.class,
			description = "Another header for every request, repeatable.")
	private List<Options.Header> headers = new ArrayList<>();

	InstanceClient client() {
		if (this.url == null) {
			throw new ParameterException(this.spec.commandLine(),
					"no instance to talk to: give --url or set BLUEGREEN_URL");
		}
		if (this.token != null && this.user != null) {
			throw new ParameterException(this.spec.commandLine(),
					"give --token or --user, not both: each is an Authorization header");
		}
		return new InstanceClient(this.url, new JsonHttp(Options.headers(this.headers, this.token, this.user),
				Options.tls(this.spec, this.caCert, this.trustStore, this.trustStorePassword)));
	}

}
