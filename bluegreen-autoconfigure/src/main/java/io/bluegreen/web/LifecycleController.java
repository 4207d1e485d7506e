package io.bluegreen.web;

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
 * JSON of the {@code bluegreen} actuator endpoint.
 *
 * @author bluegreen
 */
@RestController
@RequestMapping("${bluegreen.lifecycle-api.base-path:/lifecycle}")
public class LifecycleController {

	private final LifecycleService lifecycleService;

	/**
	 * Create a new controller.
	 * @param lifecycleService the lifecycle service
	 */
	public LifecycleController(LifecycleService lifecycleService) {
		this.lifecycleService = lifecycleService;
	}

	@GetMapping("/status")
	public LifecycleStatus status() {
		return this.lifecycleService.status();
	}

	@PostMapping("/pause")
	public ResponseEntity<?> pause() {
		return answer(LifecycleRequests.await(this.lifecycleService, LifecycleState.PAUSED));
	}

	@PostMapping("/resume")
	public ResponseEntity<?> resume() {
		return answer(LifecycleRequests.await(this.lifecycleService, LifecycleState.ACTIVE));
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
