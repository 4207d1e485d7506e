package io.bluegreen.cli;

/**
 * The exit codes of the command line, one per way a command can end, so that a pipeline
 * can tell a refusal from an abort and an unknown outcome from an unreachable instance.
 *
 * @author bluegreen
 */
public final class ExitCode {

	/** Done: the switch completed, or nothing needed to change. */
	public static final int OK = 0;

	/**
	 * A rejected request (such as an unknown color), or an answer that cannot be read.
	 */
	public static final int ERROR = 1;

	/**
	 * The switch aborted: the old side resumed and kept consuming (HTTP 503 with
	 * bluegreen's outcome ABORTED).
	 */
	public static final int ABORTED = 2;

	/**
	 * Refused: another switch is in progress, or the switch is not possible now (HTTP
	 * 409).
	 */
	public static final int REFUSED = 3;

	/** The caller may not do this (HTTP 401, 403, or a read-only endpoint). */
	public static final int NOT_AUTHORIZED = 4;

	/**
	 * The outcome could not be known (HTTP 504, a server error that does not say the
	 * switch's outcome, such as a proxy's 502 or 503, or no answer after the request was
	 * sent): {@code status} shows the decided state once it is readable.
	 */
	public static final int UNKNOWN = 5;

	/** No connection to the instance or worker: nothing was asked. */
	public static final int UNREACHABLE = 6;

	/** Wrong usage: an unknown command or option, or a missing or malformed value. */
	public static final int USAGE = 64;

	private ExitCode() {
	}

	/**
	 * Return the exit code for an HTTP error status.
	 * @param status the HTTP status of an answer that is not a success
	 * @return the exit code
	 */
	public static int ofStatus(int status) {
		return switch (status) {
			case 401, 403, 405 -> NOT_AUTHORIZED;
			case 409 -> REFUSED;
			case 503 -> ABORTED;
			case 504 -> UNKNOWN;
			default -> ERROR;
		};
	}

}
