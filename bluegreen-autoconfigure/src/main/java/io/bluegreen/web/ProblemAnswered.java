package io.bluegreen.web;

/**
 * A bluegreen controller on the application port whose requests that Spring MVC rejects
 * (a malformed body, a field of the wrong type, a missing or unsupported content type)
 * {@link ProblemResponses} answers with RFC 9457 problems. The application's own
 * controllers do not implement it, and keep their error handling.
 *
 * @author bluegreen
 */
public interface ProblemAnswered {

	/**
	 * Return a body the controller would accept, for a problem to name.
	 * @return an example of an accepted body
	 */
	String exampleBody();

}
