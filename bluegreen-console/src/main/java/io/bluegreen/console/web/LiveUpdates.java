package io.bluegreen.console.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import io.bluegreen.console.ConsoleProperties;
import io.bluegreen.console.fleet.DeploymentFleet;
import io.bluegreen.console.fleet.Deployments;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Keeps the open pages up to date with Server-Sent Events: a page's live part is rendered
 * again and sent after every change of its deployment's control log, and at every refresh
 * interval for the lag and the instances that timed out. Renders happen on the
 * application's task executor, never on the thread that reads the control log, and a page
 * is rendered once per change however many browsers show it.
 *
 * @author bluegreen
 */
@Component
public class LiveUpdates implements SmartLifecycle {

	/**
	 * Key of the subscribers to the deployments page.
	 */
	private static final String DEPLOYMENTS = "";

	private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

	private static final Log logger = LogFactory.getLog(LiveUpdates.class);

	private final Deployments deployments;

	private final DeploymentPages pages;

	private final ITemplateEngine templates;

	private final TaskExecutor taskExecutor;

	private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	private final AtomicInteger subscriberCount = new AtomicInteger();

	private final int maxSubscribers;

	private volatile boolean running;

	LiveUpdates(Deployments deployments, DeploymentPages pages, ITemplateEngine templates,
			TaskExecutor applicationTaskExecutor, TaskScheduler taskScheduler, ConsoleProperties properties) {
		this.deployments = deployments;
		this.pages = pages;
		this.templates = templates;
		this.taskExecutor = applicationTaskExecutor;
		this.maxSubscribers = properties.getMaxLiveSubscribers();
		deployments.onChange((fleet) -> {
			update(fleet.name());
			update(DEPLOYMENTS);
		});
		taskScheduler.scheduleWithFixedDelay(this::refreshAll, properties.getRefreshInterval());
	}

	/**
	 * Subscribe to the deployments page.
	 * @return the event stream
	 */
	public SseEmitter deployments() {
		return subscribe(DEPLOYMENTS, false);
	}

	/**
	 * Subscribe to the page of a deployment.
	 * @param fleet the deployment
	 * @param canSwitch whether the subscriber may switch it, so sees the switch button
	 * @return the event stream
	 */
	public SseEmitter deployment(DeploymentFleet fleet, boolean canSwitch) {
		return subscribe(fleet.name(), canSwitch);
	}

	private SseEmitter subscribe(String key, boolean canSwitch) {
		// Every open page holds a connection and is rendered at every change: their
		// number is bounded
		if (this.subscriberCount.incrementAndGet() > this.maxSubscribers) {
			this.subscriberCount.decrementAndGet();
			throw new ConsoleProblem(HttpStatus.SERVICE_UNAVAILABLE,
					"The console already updates " + this.maxSubscribers
							+ " open pages, its limit (bluegreen.console.max-live-subscribers); "
							+ "reload the page later",
					null);
		}
		SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
		Subscriber subscriber = new Subscriber(emitter, canSwitch);
		List<Subscriber> list = this.subscribers.computeIfAbsent(key, (ignored) -> new CopyOnWriteArrayList<>());
		list.add(subscriber);
		Runnable remove = () -> remove(list, subscriber);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		update(key);
		return emitter;
	}

	private void remove(List<Subscriber> list, Subscriber subscriber) {
		if (list.remove(subscriber)) {
			this.subscriberCount.decrementAndGet();
		}
	}

	private void refreshAll() {
		this.subscribers.forEach((key, list) -> {
			if (!list.isEmpty()) {
				update(key);
			}
		});
	}

	private void update(String key) {
		List<Subscriber> list = this.subscribers.get(key);
		if (list == null || list.isEmpty() || !this.pending.add(key)) {
			// No page shows it, or a render of it is
			// queued already and will see this change
			return;
		}
		this.taskExecutor.execute(() -> {
			this.pending.remove(key);
			try {
				render(key, list);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not update the page of '" + key + "'", ex);
			}
		});
	}

	private void render(String key, List<Subscriber> list) {
		String[] html = new String[2];
		for (Subscriber subscriber : list) {
			int variant = subscriber.canSwitch() ? 1 : 0;
			if (html[variant] == null) {
				html[variant] = key.equals(DEPLOYMENTS) ? renderDeployments()
						: renderDeployment(key, subscriber.canSwitch());
			}
			if (html[variant] == null) {
				continue;
			}
			try {
				subscriber.emitter().send(SseEmitter.event().name("update").data(Map.of("html", html[variant])));
			}
			catch (IOException | IllegalStateException ex) {
				remove(list, subscriber);
			}
		}
	}

	private String renderDeployments() {
		Context context = new Context(Locale.ROOT);
		context.setVariable("fmt", Formats.INSTANCE);
		context.setVariable("deployments", this.pages.summaries());
		context.setVariable("connectionProblem", this.pages.connectionProblem());
		return this.templates.process("deployments", Set.of("live"), context);
	}

	private @Nullable String renderDeployment(String name, boolean canSwitch) {
		DeploymentFleet fleet = this.deployments.find(name).orElse(null);
		if (fleet == null) {
			return null;
		}
		Context context = new Context(Locale.ROOT);
		context.setVariable("fmt", Formats.INSTANCE);
		context.setVariable("page", this.pages.page(fleet));
		context.setVariable("canSwitch", canSwitch);
		return this.templates.process("deployment", Set.of("live"), context);
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * End every event stream before the web server shuts down gracefully, which would
	 * otherwise wait for the open pages.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.subscribers.values().forEach((list) -> {
			list.forEach((subscriber) -> {
				subscriber.emitter().complete();
				remove(list, subscriber);
			});
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Subscriber(SseEmitter emitter, boolean canSwitch) {

	}

}
