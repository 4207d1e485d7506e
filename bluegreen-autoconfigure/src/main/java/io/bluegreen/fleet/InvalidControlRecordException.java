package io.bluegreen.fleet;

/**
 * Thrown when a record of the control topic is not one the protocol allows; it is skipped
 * and counted, never folded.
 *
 * @author bluegreen
 */
public class InvalidControlRecordException extends RuntimeException {

	private final ControlRecordProblem problem;

	/**
	 * Create a new exception.
	 * @param problem why the record is refused
	 * @param message what is wrong with it
	 */
	public InvalidControlRecordException(ControlRecordProblem problem, String message) {
		super(message);
		this.problem = problem;
	}

	/**
	 * Create a new exception.
	 * @param problem why the record is refused
	 * @param message what is wrong with it
	 * @param cause the cause
	 */
	public InvalidControlRecordException(ControlRecordProblem problem, String message, Throwable cause) {
		super(message, cause);
		this.problem = problem;
	}

	/**
	 * Return why the record is refused.
	 * @return the problem
	 */
	public ControlRecordProblem getProblem() {
		return this.problem;
	}

}
