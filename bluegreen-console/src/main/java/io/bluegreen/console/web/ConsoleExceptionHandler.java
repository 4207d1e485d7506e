package io.bluegreen.console.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a refused request with its problem: as {@code application/problem+json}, or as
 * a page to a browser that asked for one.
 *
 * @author bluegreen
 */
@RestControllerAdvice
class ConsoleExceptionHandler {

	@ExceptionHandler(ConsoleProblem.class)
	Object problem(ConsoleProblem ex, HttpServletRequest request, HttpServletResponse response) {
		ProblemDetail problem = ex.problem();
		if (wantsPage(request)) {
			response.setStatus(problem.getStatus());
			ModelAndView page = new ModelAndView("problem");
			page.addObject("problem", problem);
			page.setStatus(HttpStatus.valueOf(problem.getStatus()));
			return page;
		}
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static boolean wantsPage(HttpServletRequest request) {
		String accept = request.getHeader("Accept");
		if (accept == null || !"GET".equals(request.getMethod())) {
			return false;
		}
		List<MediaType> types = MediaType.parseMediaTypes(accept);
		return types.stream().anyMatch((type) -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
	}

}
