package io.bluegreen.fleet;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Reads the outcome of a call that completed elsewhere: a failure that a dependent stage
 * wraps in a {@link CompletionException} is told by its cause.
 *
 * @author bluegreen
 */
final class Completions {

	private Completions() {
	}

	/**
	 * Return the failure a completion carries, unwrapped.
	 * @param ex the failure as a stage reports it
	 * @return its cause if it only wraps one, else the failure itself
	 */
	static Throwable cause(Throwable ex) {
		Throwable cause = ex.getCause();
		return ((ex instanceof CompletionException || ex instanceof ExecutionException) && cause != null) ? cause : ex;
	}

	/**
	 * Return the message of the failure a completion carries.
	 * @param ex the failure as a stage reports it
	 * @return the message of its cause
	 */
	static String message(Throwable ex) {
		return String.valueOf(cause(ex).getMessage());
	}

}
