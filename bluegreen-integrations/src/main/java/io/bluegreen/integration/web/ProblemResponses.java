package io.bluegreen.integration.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.bluegreen.integration.flagger.FlaggerWebhookController;
import io.bluegreen.integration.lifecycle.LifecycleController;
import io.bluegreen.integration.shawarma.ShawarmaController;
import io.bluegreen.web.Problems;

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
 * It applies to bluegreen's controllers only; the application's own controllers keep
 * their error handling.
 *
 * @author bluegreen
 */
@RestControllerAdvice(
		assignableTypes = { LifecycleController.class, ShawarmaController.class, FlaggerWebhookController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemResponses {

	private static final List<MediaType> SUPPORTED = List.of(MediaType.APPLICATION_JSON);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HandlerMethod handler) {
		return Problems.response(Problems.unreadable(ex.getMostSpecificCause() != ex ? ex.getMostSpecificCause() : null,
				example(handler)));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unsupportedContentType(HttpMediaTypeNotSupportedException ex, HandlerMethod handler,
			HttpServletRequest request) {
		// Spring reads a request without a content type as application/octet-stream
		MediaType contentType = (request.getContentType() != null) ? ex.getContentType() : null;
		return Problems.response(Problems.unsupportedContentType(contentType, example(handler), SUPPORTED));
	}

	private static String example(HandlerMethod handler) {
		Class<?> type = handler.getBeanType();
		if (ShawarmaController.class.isAssignableFrom(type)) {
			return "{\"status\":\"active\"}";
		}
		if (FlaggerWebhookController.class.isAssignableFrom(type)) {
			return "Flagger's webhook payload, {\"name\":\"orders\",\"namespace\":\"prod\",\"phase\":\"Promoting\","
					+ "\"metadata\":{\"color\":\"green\"}}";
		}
		return "{} or no body";
	}

}
