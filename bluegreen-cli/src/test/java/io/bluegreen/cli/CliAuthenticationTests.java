package io.bluegreen.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the command line authenticates and whom it trusts: the credentials it sends are
 * what the application checks (a bearer token, or HTTP Basic for Spring Security), a
 * private CA is trusted when given, and each Connect cluster gets its own credentials
 * only.
 */
class CliAuthenticationTests {

	private static final String STATUS = """
			{"state":"ACTIVE","color":"blue","fleet":{"deployment":"orders","instanceId":"blue-0","active":"blue",
			"epoch":1,"switchInProgress":null,"lastSwitch":null,
			"instances":[{"instanceId":"blue-0","color":"blue","state":"ACTIVE"}]}}""";

	private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopServers() {
		this.servers.forEach((server) -> server.stop(0));
	}

	@Test
	void tokenIsSentAsBearerAndUserAsBasic() throws IOException {
		List<String> seen = new CopyOnWriteArrayList<>();
		String url = serve(HttpServer.create(new InetSocketAddress("localhost", 0), 0), seen, STATUS);

		assertThat(run("status", "--url", url, "--token", "s3cret").exitCode()).isZero();
		assertThat(run("status", "--url", url, "--user", "deployer:pa:ss").exitCode()).isZero();

		assertThat(seen).containsExactly("Bearer s3cret",
				"Basic " + Base64.getEncoder().encodeToString("deployer:pa:ss".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void tokenAndUserTogetherAreWrongUsageAndNothingIsSent() throws IOException {
		List<String> seen = new CopyOnWriteArrayList<>();
		String url = serve(HttpServer.create(new InetSocketAddress("localhost", 0), 0), seen, STATUS);

		Run run = run("status", "--url", url, "--token", "s3cret", "--user", "deployer:secret");
		Run nameless = run("status", "--url", url, "--user", "secret");

		assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(run.output()).contains("give --token or --user, not both");
		assertThat(nameless.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(nameless.output()).contains("needs 'name:password'").doesNotContain("secret");
		assertThat(seen).isEmpty();
	}

	@Test
	void aPrivateCaIsTrustedOnlyWhenGiven(@TempDir Path directory) throws Exception {
		Path keyStore = directory.resolve("server.p12");
		Path pem = directory.resolve("ca.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-ext",
				"SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", "changeit");
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", "changeit",
				"-file", pem.toString());
		HttpsServer https = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
		https.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
		List<String> seen = new CopyOnWriteArrayList<>();
		String url = serve(https, seen, STATUS).replace("http:", "https:");

		Run untrusted = run("status", "--url", url);
		Run withCaCert = run("status", "--url", url, "--cacert", pem.toString());
		Run withTrustStore = run("status", "--url", url, "--truststore", keyStore.toString(), "--truststore-password",
				"changeit");
		Run notACertificate = run("status", "--url", url, "--cacert",
				keyStore.resolveSibling("missing.pem").toString());

		assertThat(untrusted.exitCode()).as(untrusted.output()).isNotZero();
		assertThat(withCaCert.exitCode()).as(withCaCert.output()).isZero();
		assertThat(withCaCert.output()).contains("instance blue-0");
		assertThat(withTrustStore.exitCode()).as(withTrustStore.output()).isZero();
		assertThat(notACertificate.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(notACertificate.output()).contains("cannot use the certificates of --cacert");
	}

	@Test
	void eachConnectClusterGetsItsOwnCredentialsOnly() throws IOException {
		List<String> fromSeen = new CopyOnWriteArrayList<>();
		List<String> toSeen = new CopyOnWriteArrayList<>();
		String from = serve(HttpServer.create(new InetSocketAddress("localhost", 0), 0), fromSeen, null);
		String to = serve(HttpServer.create(new InetSocketAddress("localhost", 0), 0), toSeen, null);

		Run run = run("connect", "switch", "--connect", from, "--connect-to", to, "--from", "sink-blue", "--to",
				"sink-green", "--token", "from-token", "--header", "X-Team: blue", "--connect-to-token", "to-token");

		assertThat(run.output()).contains("no connector");
		assertThat(fromSeen).isNotEmpty().allMatch((seen) -> seen.equals("Bearer from-token"));
		assertThat(toSeen).isNotEmpty().allMatch((seen) -> seen.equals("Bearer to-token"));
	}

	/**
	 * Serve a status (or 404 for everything when {@code null}), recording the
	 * {@code Authorization} header of each request.
	 */
	private String serve(HttpServer server, List<String> seen, String status) {
		server.createContext("/", (exchange) -> {
			seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			if (status != null) {
				reply(exchange, 200, status);
			}
			else {
				reply(exchange, 404, "{\"error_code\":404,\"message\":\"Connector not found\"}");
			}
		});
		server.start();
		this.servers.add(server);
		return "http://localhost:" + server.getAddress().getPort() + ((status != null) ? "/actuator/bluegreen" : "");
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static SSLContext serverContext(Path keyStore) throws Exception {
		KeyStore store = KeyStore.getInstance(keyStore.toFile(), "changeit".toCharArray());
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "changeit".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

	private static void keytool(String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (InputStream output = process.getInputStream()) {
			String text = new String(output.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as(text).isZero();
		}
	}

	private static Run run(String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = BlueGreenCli.run(args, out, out, Map.of());
		return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {
	}

}
