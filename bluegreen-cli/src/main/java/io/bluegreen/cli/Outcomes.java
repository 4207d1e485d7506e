package io.bluegreen.cli;

import java.io.PrintWriter;

/**
 * How the commands report answers they cannot use.
 *
 * @author bluegreen
 */
public final class Outcomes {

	private Outcomes() {
	}

	/**
	 * Report an error answer.
	 * @param answer an answer that is not a success
	 * @param err where to print
	 * @return the exit code for its status
	 */
	static int failed(Answer answer, PrintWriter err) {
		err.println("bluegreen: " + answer.uri() + " answered HTTP " + answer.status() + ": " + answer.problem());
		return ExitCode.ofStatus(answer.status());
	}

	/**
	 * Report a server error answer to a switch that does not say the switch's outcome:
	 * bluegreen says ABORTED with the outcome, so this answer comes from something in
	 * between (a proxy, a gateway, an ingress) or from an error before the outcome was
	 * known, and the switch may or may not have happened.
	 * @param answer a 5xx answer without an outcome
	 * @param err where to print
	 * @return {@link ExitCode#UNKNOWN}
	 */
	static int unknown(Answer answer, PrintWriter err) {
		boolean problem = answer.text("detail") != null;
		err.println("bluegreen: " + answer.uri() + " answered HTTP " + answer.status() + ": "
				+ (problem ? answer.problem()
						: "not bluegreen's answer (" + answer.shownText()
								+ "), perhaps from a proxy or gateway in between")
				+ "; the outcome of the switch is unknown: check with 'bluegreen status', which shows the decided "
				+ "state once readable");
		return ExitCode.UNKNOWN;
	}

	/**
	 * Describe why a request got no answer.
	 * @param ex the failure
	 * @return its message, or its kind when it has none
	 */
	public static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? ex.getClass().getSimpleName() + ": " + message
				: ex.getClass().getSimpleName();
	}

	/**
	 * Report a success answer that is not what bluegreen answers.
	 * @param answer the answer
	 * @param err where to print
	 * @return {@link ExitCode#ERROR}
	 */
	static int unreadable(Answer answer, PrintWriter err) {
		err.println("bluegreen: " + answer.uri() + " answered HTTP " + answer.status()
				+ " with something that is not a bluegreen answer: " + answer.shownText());
		return ExitCode.ERROR;
	}

}
