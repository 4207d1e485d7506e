package io.bluegreen.cli.connect;

/**
 * A Connect cluster answered a request with an error.
 *
 * @author bluegreen
 */
public final class ConnectApiException extends RuntimeException {

	private final int status;

	ConnectApiException(String message, int status) {
		super(message);
		this.status = status;
	}

	/**
	 * The HTTP status of the answer.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

}
