package io.bluegreen.web;

import jakarta.servlet.http.HttpServletRequest;

import io.bluegreen.lifecycle.LifecycleRequests;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.lifecycle.TransitionResult;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The lifecycle API of the original design: {@code POST /lifecycle/pause},
 * {@code POST /lifecycle/resume} and {@code GET /lifecycle/status}, with the semantics and
 * JSON of the {@code bluegreen} actuator endpoint. Pausing and resuming is limited by
 * {@link WriteAccess}.
 *
 * @author bluegreen
 */
@RestController
@RequestMapping("${bluegreen.lifecycle-api.base-path:/lifecycle}")
public class LifecycleController {

	private final LifecycleService lifecycleService;

	private final WriteAccess writeAccess;

	/**
	 * Create a new controller.
	 * @param lifecycleService the lifecycle service
	 * @param writeAccess who may pause and resume
	 */
	public LifecycleController(LifecycleService lifecycleService, WriteAccess writeAccess) {
		this.lifecycleService = lifecycleService;
		this.writeAccess = writeAccess;
	}

	@GetMapping("/status")
	public LifecycleStatus status() {
		return this.lifecycleService.status();
	}

	@PostMapping("/pause")
	public ResponseEntity<?> pause(HttpServletRequest request) {
		return transition(request, LifecycleState.PAUSED);
	}

	@PostMapping("/resume")
	public ResponseEntity<?> resume(HttpServletRequest request) {
		return transition(request, LifecycleState.ACTIVE);
	}

	private ResponseEntity<?> transition(HttpServletRequest request, LifecycleState target) {
		return this.writeAccess.check(request)
			.<ResponseEntity<?>>map(WriteAccess.Refusal::toResponse)
			.orElseGet(() -> answer(LifecycleRequests.await(this.lifecycleService, target)));
	}

	private static ResponseEntity<?> answer(TransitionResult result) {
		if (result.outcome() == TransitionResult.Outcome.REFUSED) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, result.reason());
			problem.setProperty("state", result.status().state());
			return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
		}
		return ResponseEntity.status(result.outcome().httpStatus()).body(result.status());
	}

}
