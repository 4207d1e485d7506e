package io.bluegreen.console.web;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A refused request, answered as an RFC 9457 problem (or a page saying it, to a browser).
 *
 * @author bluegreen
 */
public class ConsoleProblem extends RuntimeException {

	private final ProblemDetail problem;

	/**
	 * Create a problem.
	 * @param status the status
	 * @param detail what was wrong
	 * @param allowed what is allowed instead, or {@code null}
	 */
	public ConsoleProblem(HttpStatus status, String detail, @Nullable Collection<?> allowed) {
		super(detail);
		this.problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (allowed != null) {
			this.problem.setProperty("allowed", allowed);
		}
	}

	/**
	 * Return the problem.
	 * @return the problem
	 */
	public ProblemDetail problem() {
		return this.problem;
	}

}
