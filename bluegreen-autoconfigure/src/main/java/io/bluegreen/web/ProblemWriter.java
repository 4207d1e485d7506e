package io.bluegreen.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * Writes an RFC 9457 problem from a servlet filter, which answers before Spring MVC
 * would: the actuator endpoint's and the integrations' filters.
 *
 * @author bluegreen
 */
public final class ProblemWriter {

	private static final JacksonJsonHttpMessageConverter problemConverter = new JacksonJsonHttpMessageConverter();

	private ProblemWriter() {
	}

	/**
	 * Write a problem as the response, typed {@code application/problem+json}, with the
	 * request's path as its {@code instance}.
	 * @param problem the problem
	 * @param request the request it answers
	 * @param response the response to write it to
	 * @throws IOException if the response cannot be written
	 */
	public static void write(ProblemDetail problem, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		problem.setInstance(URI.create(request.getRequestURI()));
		ServletServerHttpResponse output = new ServletServerHttpResponse(response);
		output.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
		problemConverter.write(problem, MediaType.APPLICATION_PROBLEM_JSON, output);
		output.flush();
	}

	/**
	 * Write a refusal of a caller as the response, with a challenge when it is a 401.
	 * @param refusal why the caller may not write
	 * @param request the request it answers
	 * @param response the response to write it to
	 * @throws IOException if the response cannot be written
	 */
	public static void refuse(WriteAccess.Refusal refusal, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (refusal.status() == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", WriteAccess.Refusal.challenge());
		}
		write(refusal.toProblem(), request, response);
	}

}
