package io.bluegreen.console.web;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event streams the pages update themselves from.
 *
 * @author bluegreen
 */
@RestController
class EventsController {

	private final LiveUpdates updates;

	private final PagesController pages;

	private final SwitchAccess access;

	EventsController(LiveUpdates updates, PagesController pages, SwitchAccess access) {
		this.updates = updates;
		this.pages = pages;
		this.access = access;
	}

	@GetMapping(path = "/events", produces = "text/event-stream")
	SseEmitter deployments() {
		return this.updates.deployments();
	}

	@GetMapping(path = "/deployments/{name}/events", produces = "text/event-stream")
	SseEmitter deployment(@PathVariable String name, @Nullable Authentication authentication) {
		return this.updates.deployment(this.pages.find(name), this.access.maySwitch(authentication));
	}

}
