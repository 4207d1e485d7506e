package io.bluegreen.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The command line for pipelines. {@code status} shows the active color, the switch in
 * progress and every instance; {@code switch --to <color>} switches the whole deployment,
 * shows the instances draining while it waits, and exits non-zero unless the color is
 * active at the end. Talks to any one instance of either color over HTTP.
 *
 * @author bluegreen
 */
public final class BlueGreenCli {

	/** The switch completed, or the color already was active. */
	public static final int OK = 0;

	/** Wrong usage, a rejected request, or no answer. */
	public static final int ERROR = 1;

	/** The switch aborted: the old color kept consuming. */
	public static final int ABORTED = 2;

	/** Another switch is in progress, or the deployment cannot switch now. */
	public static final int CONFLICT = 3;

	/** The caller may not switch. */
	public static final int NOT_AUTHORIZED = 4;

	private static final String USAGE = """
			usage: bluegreen status [options]
			       bluegreen switch --to <color> [options]

			  status               show the active color, the switch in progress and every instance
			  switch --to <color>  switch the whole deployment to <color> and wait until it ended

			options:
			  --url <url>          the bluegreen endpoint of any instance, such as
			                       http://orders-blue-0.orders:8081/actuator/bluegreen (or BLUEGREEN_URL)
			  --token <token>      sent as 'Authorization: Bearer <token>' (or BLUEGREEN_TOKEN)
			  --header <h: v>      another header for every request, repeatable
			  --timeout <seconds>  how long to wait for a switch (default 120)

			exit status: 0 the color is active, 1 usage or request error, 2 the switch aborted,
			             3 another switch is in progress or the switch is not possible now,
			             4 not authorized to switch
			""";

	private final PrintStream out;

	private final Map<String, String> environment;

	private BlueGreenCli(PrintStream out, Map<String, String> environment) {
		this.out = out;
		this.environment = environment;
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.getenv()));
	}

	/**
	 * Run a command.
	 * @param args the command and its options
	 * @param out where to print
	 * @param environment the environment, for {@code BLUEGREEN_URL} and
	 * {@code BLUEGREEN_TOKEN}
	 * @return the exit status
	 */
	public static int run(String[] args, PrintStream out, Map<String, String> environment) {
		return new BlueGreenCli(out, environment).run(args);
	}

	private int run(String[] args) {
		Options options;
		try {
			options = Options.parse(args, this.environment);
		}
		catch (IllegalArgumentException ex) {
			this.out.println("bluegreen: " + ex.getMessage());
			this.out.print(USAGE);
			return ERROR;
		}
		InstanceClient client = new InstanceClient(options.url(), options.headers());
		try {
			return switch (options.command()) {
				case "status" -> status(client);
				default -> switchTo(client, Objects.requireNonNull(options.to()), options.timeout());
			};
		}
		catch (IOException ex) {
			this.out.println("bluegreen: no answer from " + options.url() + ": " + ex);
			return ERROR;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ERROR;
		}
	}

	private int status(InstanceClient client) throws IOException, InterruptedException {
		InstanceClient.Answer answer = client.read();
		if (answer.status() != 200) {
			return failed(answer);
		}
		if (answer.at("fleet") == null) {
			this.out.println("instance (" + answer.at("color") + "): " + answer.at("state")
					+ " (no fleet coordination)");
			return OK;
		}
		this.out.println("deployment " + answer.at("fleet", "deployment") + ": active " + answer.at("fleet", "active")
				+ ", epoch " + number(answer.at("fleet", "epoch")));
		Object progress = answer.at("fleet", "switchInProgress");
		this.out.println("switch in progress: " + ((progress != null) ? describeSwitch(progress) : "none"));
		Object last = answer.at("fleet", "lastSwitch");
		if (last != null) {
			this.out.println("last switch: " + Json.at(last, "outcome") + " " + Json.at(last, "from") + " -> "
					+ Json.at(last, "to") + " at " + Json.at(last, "endedAt")
					+ ((Json.at(last, "reason") != null) ? " (" + Json.at(last, "reason") + ")" : ""));
		}
		this.out.println("instances:");
		instances(answer).forEach((id, state) -> this.out.println("  " + id + " " + state));
		return OK;
	}

	private int switchTo(InstanceClient client, String color, Duration timeout)
			throws IOException, InterruptedException {
		InstanceClient.Answer before = client.read();
		if (before.status() != 200) {
			return failed(before);
		}
		this.out.println("switching " + Objects.toString(before.at("fleet", "deployment"), "the deployment") + " from "
				+ before.at("fleet", "active") + " to " + color);
		CompletableFuture<InstanceClient.Answer> request = CompletableFuture.supplyAsync(() -> {
			try {
				return client.switchTo(color, timeout);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
		Map<String, String> shown = instances(before);
		InstanceClient.Answer answer;
		while (true) {
			try {
				answer = request.get(250, TimeUnit.MILLISECONDS);
				break;
			}
			catch (TimeoutException ex) {
				shown = showProgress(client, shown);
			}
			catch (ExecutionException ex) {
				this.out.println("bluegreen: no answer to the switch: " + ex.getCause().getMessage());
				return ERROR;
			}
		}
		showProgress(client, shown);
		return outcome(answer);
	}

	private Map<String, String> showProgress(InstanceClient client, Map<String, String> shown)
			throws IOException, InterruptedException {
		InstanceClient.Answer now = client.read();
		if (now.status() != 200) {
			return shown;
		}
		Map<String, String> states = instances(now);
		states.forEach((id, state) -> {
			if (!state.equals(shown.get(id))) {
				this.out.println("  " + id + " " + state);
			}
		});
		return states;
	}

	private int outcome(InstanceClient.Answer answer) {
		Object outcome = answer.at("outcome");
		if (outcome == null) {
			return failed(answer);
		}
		String reason = (answer.at("reason") != null) ? ": " + answer.at("reason") : "";
		Object unanswered = answer.at("unanswered");
		String missing = (unanswered instanceof List<?> list && !list.isEmpty()) ? "; did not confirm: " + list : "";
		String took = (answer.at("completedAfterMillis") != null)
				? " in " + number(answer.at("completedAfterMillis")) + " ms" : "";
		this.out.println(switch (String.valueOf(outcome)) {
			case "COMPLETED" -> "completed" + took + ": " + answer.at("to") + " is active";
			case "UNCHANGED" -> "unchanged: " + answer.at("to") + " already was active";
			case "ABORTED" -> "aborted" + reason + missing + "; " + answer.at("from") + " kept consuming";
			default -> "not switched" + reason;
		});
		return switch (String.valueOf(outcome)) {
			case "COMPLETED", "UNCHANGED" -> OK;
			case "ABORTED" -> ABORTED;
			default -> CONFLICT;
		};
	}

	private int failed(InstanceClient.Answer answer) {
		Object error = answer.at("error");
		Object allowed = answer.at("allowed");
		String detail = (error != null) ? error + ((allowed != null) ? " (allowed: " + allowed + ")" : "")
				: Objects.toString(answer.at("detail"), answer.text());
		this.out.println("bluegreen: HTTP " + answer.status() + ": " + detail);
		return switch (answer.status()) {
			case 401, 403, 405 -> NOT_AUTHORIZED;
			case 409 -> CONFLICT;
			default -> ERROR;
		};
	}

	private static Map<String, String> instances(InstanceClient.Answer answer) {
		Map<String, String> states = new LinkedHashMap<>();
		if (answer.at("fleet", "instances") instanceof List<?> instances) {
			for (Object instance : instances) {
				states.put(String.valueOf(Json.at(instance, "instanceId")),
						"(" + Json.at(instance, "color") + ") " + Json.at(instance, "state"));
			}
		}
		return states;
	}

	private static String describeSwitch(Object progress) {
		return Json.at(progress, "from") + " -> " + Json.at(progress, "to") + " by "
				+ Json.at(progress, "coordinator") + ", deadline " + Json.at(progress, "deadline");
	}

	private static String number(@Nullable Object value) {
		return (value instanceof Double number) ? String.valueOf(number.longValue()) : String.valueOf(value);
	}

	/**
	 * The parsed command line.
	 */
	private record Options(String command, @Nullable String to, URI url, List<String> headers, Duration timeout) {

		static Options parse(String[] args, Map<String, String> environment) {
			if (args.length == 0) {
				throw new IllegalArgumentException("no command");
			}
			String command = args[0];
			if (!command.equals("status") && !command.equals("switch")) {
				throw new IllegalArgumentException("unknown command '" + command + "'; allowed: status, switch");
			}
			String to = null;
			String url = environment.get("BLUEGREEN_URL");
			String token = environment.get("BLUEGREEN_TOKEN");
			List<String> headers = new ArrayList<>();
			Duration timeout = Duration.ofSeconds(120);
			for (int i = 1; i < args.length; i++) {
				String option = args[i];
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("option " + option + " needs a value");
				}
				String value = args[++i];
				switch (option) {
					case "--to" -> to = value;
					case "--url" -> url = value;
					case "--token" -> token = value;
					case "--header" -> {
						int colon = value.indexOf(':');
						if (colon <= 0) {
							throw new IllegalArgumentException("--header needs 'Name: value', not '" + value + "'");
						}
						headers.add(value.substring(0, colon).trim());
						headers.add(value.substring(colon + 1).trim());
					}
					case "--timeout" -> timeout = seconds(value);
					default -> throw new IllegalArgumentException("unknown option " + option
							+ "; allowed: --to, --url, --token, --header, --timeout");
				}
			}
			if (command.equals("switch") && (to == null || to.isBlank())) {
				throw new IllegalArgumentException("switch needs --to <color>");
			}
			if (command.equals("status") && to != null) {
				throw new IllegalArgumentException("status takes no --to");
			}
			if (url == null || url.isBlank()) {
				throw new IllegalArgumentException("no instance to talk to: give --url or set BLUEGREEN_URL");
			}
			if (token != null && !token.isBlank()) {
				headers.add("Authorization");
				headers.add("Bearer " + token);
			}
			return new Options(command, to, endpoint(url), List.copyOf(headers), timeout);
		}

		private static URI endpoint(String url) {
			URI uri;
			try {
				uri = URI.create(url);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("--url is not a URL: '" + url + "'");
			}
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
				throw new IllegalArgumentException("--url must be an http or https URL, not '" + url + "'");
			}
			return uri;
		}

		private static Duration seconds(String value) {
			try {
				long seconds = Long.parseLong(value);
				if (seconds > 0) {
					return Duration.ofSeconds(seconds);
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException("--timeout needs a positive number of seconds, not '" + value + "'");
		}

	}

}
