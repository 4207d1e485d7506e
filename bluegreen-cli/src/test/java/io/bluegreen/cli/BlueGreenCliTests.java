package io.bluegreen.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's parsing of arguments and of answers, against a plain HTTP server
 * that answers what each test tells it to: every answer ends in an exit code and a
 * message, never an exception.
 */
class BlueGreenCliTests {

	private static final String STATUS = """
			{"state":"ACTIVE","color":"blue","fleet":{"deployment":"orders","instanceId":"blue-0","active":"blue",
			"epoch":12345678901,"switchInProgress":null,"lastSwitch":null,
			"instances":[{"instanceId":"blue-0","color":"blue","state":"ACTIVE"}]}}""";

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private volatile Reply onGet = new Reply(200, "application/json", STATUS);

	private volatile Reply onPost = new Reply(200, "application/json", "{}");

	private String url;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/actuator/bluegreen", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.requests.add(exchange.getRequestMethod() + " " + body + " "
					+ exchange.getRequestHeaders().getFirst("Authorization"));
			Reply reply = exchange.getRequestMethod().equals("GET") ? this.onGet : this.onPost;
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", reply.contentType());
			exchange.sendResponseHeaders(reply.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		this.server.start();
		this.url = "http://localhost:" + this.server.getAddress().getPort() + "/actuator/bluegreen";
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void helpListsTheCommandsAndTheExitCodes() {
		Run run = run(Map.of(), "--help");

		assertThat(run.exitCode()).isZero();
		assertThat(run.output()).contains("usage: bluegreen", "status", "switch", "Exit codes:", "64", "wrong usage");
	}

	@Test
	void helpOfACommandListsItsOptions() {
		Run run = run(Map.of(), "help", "switch");

		assertThat(run.exitCode()).isZero();
		assertThat(run.output()).contains("usage: bluegreen switch", "--to=<color>", "--timeout=<seconds>", "--url");
	}

	@Test
	void versionIsTheBuiltVersion() {
		Run run = run(Map.of(), "--version");

		assertThat(run.exitCode()).isZero();
		assertThat(run.output()).startsWith("bluegreen 0.").doesNotContain("${");
	}

	@Test
	void statusPrintsTheInstanceItTalkedToAndNumbersAsIntegers() {
		Run run = run(Map.of(), "status", "--url", this.url);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("instance blue-0 at " + this.url, "epoch 12345678901", "blue-0 (blue) ACTIVE")
			.doesNotContain("E10", ".0");
	}

	@Test
	void theEnvironmentNamesTheInstanceAndTheToken() {
		Run run = run(Map.of("BLUEGREEN_URL", this.url, "BLUEGREEN_TOKEN", "s3cret"), "status");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(this.requests).containsExactly("GET  Bearer s3cret");
	}

	@Test
	void theSwitchPostsTheColorAsJson() {
		this.onPost = new Reply(200, "application/json",
				"{\"outcome\":\"COMPLETED\",\"from\":\"blue\",\"to\":\"gr\\\"een\",\"completedAfterMillis\":42}");

		Run run = run(Map.of(), "switch", "--to", "gr\"een", "--url", this.url, "--header", "X-Team: orders");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("completed in 42 ms: gr\"een is active");
		assertThat(this.requests).contains("POST {\"active\":\"gr\\\"een\"} null");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					200 | application/json | {"outcome":"UNCHANGED","to":"green"} | 0 | unchanged: green already was active
					503 | application/json | {"outcome":"ABORTED","from":"blue","to":"green","reason":"late","unanswered":["blue-1"]} | 2 | aborted: late; did not confirm: [blue-1]; blue kept consuming
					409 | application/problem+json | {"title":"Conflict","detail":"another switch is in progress"} | 3 | HTTP 409: another switch is in progress
					409 | application/json | {"outcome":"CONFLICT","reason":"no live instance of green"} | 3 | not switched: no live instance of green
					504 | application/problem+json | {"title":"Gateway Timeout","detail":"the outcome could not be known; GET shows the decided state once readable"} | 5 | HTTP 504: the outcome could not be known
					200 | application/json | {"outcome":"UNKNOWN","reason":"coordinator lost"} | 5 | outcome unknown: coordinator lost
					403 | application/problem+json | {"title":"Forbidden"} | 4 | HTTP 403: Forbidden
					401 | text/plain |  | 4 | HTTP 401: no body
					400 | application/json | {"error":"Unknown color 'purple'","allowed":["blue","green"]} | 1 | HTTP 400: Unknown color 'purple' (allowed: [blue, green])
					400 | application/problem+json | {"detail":"Unknown color 'purple'","error":"old","allowed":["blue","green"]} | 1 | HTTP 400: Unknown color 'purple' (allowed: [blue, green])
					502 | text/html | <html>Bad Gateway</html> | 5 | HTTP 502: not bluegreen's answer ('<html>Bad Gateway</html>')
					503 | text/plain | upstream connect error or disconnect/reset before headers | 5 | check with 'bluegreen status'
					503 | application/json | {"message":"Service Unavailable"} | 5 | the outcome of the switch is unknown: check with 'bluegreen status'
					500 | application/json | {"error":"ends in a backslash\\ | 5 | HTTP 500: not bluegreen's answer ('{"error":"ends in a backslash\\'
					500 | application/problem+json | {"title":"Internal Server Error","detail":"the control topic is not writable"} | 5 | HTTP 500: the control topic is not writable; the outcome of the switch is unknown
					200 | application/json | {"outcome":"COMPLETED\\ | 1 | not a bluegreen answer: '{"outcome":"COMPLETED\\'
					200 | application/json | [1, 2 | 1 | not a bluegreen answer
					""")
	void everySwitchAnswerEndsInAnExitCodeAndAMessage(int status, String contentType, String body, int exitCode,
			String message) {
		this.onPost = new Reply(status, contentType, (body != null) ? body : "");

		Run run = run(Map.of(), "switch", "--to", "green", "--url", this.url);

		assertThat(run.exitCode()).as(run.output()).isEqualTo(exitCode);
		assertThat(run.output()).contains(message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"state":"ACTIVE\\
			not json at all
			{"unrelated":true}
			""")
	void anUnreadableStatusIsAnErrorThatShowsTheAnswer(String body) {
		this.onGet = new Reply(200, "application/json", body);

		Run run = run(Map.of(), "status", "--url", this.url);

		assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
		assertThat(run.output()).contains("answered HTTP 200 with something that is not a bluegreen answer");
	}

	@Test
	void anUnreachableInstanceIsUnreachableAndNothingWasAsked() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}

		Run run = run(Map.of(), "switch", "--to", "green", "--url", "http://localhost:" + port + "/actuator/bluegreen");

		assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
		assertThat(run.output()).contains("no answer from http://localhost:" + port, "nothing was asked");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			'' | no command
			promote | Unmatched argument at index 0: 'promote'
			status --colour blue | Unknown options: '--colour'
			switch | Missing required option: '--to=<color>'
			switch --to | Missing required parameter for option '--to'
			switch --to green --timeout soon | needs a positive number of seconds, not 'soon'
			switch --to green --timeout 0 | needs a positive number of seconds, not '0'
			switch --to green --url ftp://host/x | needs an http or https URL, not 'ftp://host/x'
			switch --to green --url http:/nohost | needs an http or https URL, not 'http:/nohost'
			switch --to green --url http://a^b | not a URL: 'http://a^b'
			switch --to green --header NoColon | needs 'Name: value', not 'NoColon'
			status | no instance to talk to: give --url or set BLUEGREEN_URL
			""")
	void wrongUsageIsRefusedWithTheReasonAndTheUsage(String arguments, String message) {
		Run run = run(Map.of(), arguments.isEmpty() ? new String[0] : arguments.split(" +"));

		assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(run.output()).startsWith("bluegreen: ").contains(message, "usage: bluegreen");
		assertThat(this.requests).isEmpty();
	}

	private static Run run(Map<String, String> environment, String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = BlueGreenCli.run(args, out, out, environment);
		return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Reply(int status, String contentType, String body) {
	}

	private record Run(int exitCode, String output) {
	}

}
