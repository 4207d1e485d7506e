package io.bluegreen.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;

/**
 * Answers the requests Spring MVC rejects before bluegreen's controllers see them (a
 * malformed body, a field of the wrong type, a missing or unsupported content type) with
 * RFC 9457 problems that say what was wrong. A wrong method or path is answered by the
 * controllers themselves, because Spring MVC rejects it before it knows the controller.
 * It applies to bluegreen's controllers only ({@link ProblemAnswered}); the application's
 * own controllers keep their error handling.
 *
 * @author bluegreen
 */
@RestControllerAdvice(assignableTypes = ProblemAnswered.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemResponses {

	private static final List<MediaType> SUPPORTED = List.of(MediaType.APPLICATION_JSON);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HandlerMethod handler) {
		return Problems.response(Problems.unreadable(ex.getMostSpecificCause() != ex ? ex.getMostSpecificCause() : null,
				example(handler)));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unsupportedContentType(HttpMediaTypeNotSupportedException ex,
			HandlerMethod handler, HttpServletRequest request) {
		// Spring reads a request without a content type as application/octet-stream
		MediaType contentType = (request.getContentType() != null) ? ex.getContentType() : null;
		return Problems.response(Problems.unsupportedContentType(contentType, example(handler), SUPPORTED));
	}

	private static String example(HandlerMethod handler) {
		return ((ProblemAnswered) handler.getBean()).exampleBody();
	}

}
