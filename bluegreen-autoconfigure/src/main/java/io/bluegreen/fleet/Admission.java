package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * Admits the partitions a consumer of this instance is newly assigned: it may consume
 * them only once this instance caught up with the control log after the assignment and
 * acts on what it read, that is, applied the desired state and, if it must pause, asked
 * its lifecycle to. A switch that started before the assignment is applied before the
 * first record of those partitions; one that starts after it finds the consumer in its
 * group, holding them, and waits for its pause. So a consumer that rejoined its group
 * while its instance was cut off from the log, at a moment a switch took it for gone,
 * cannot consume the old color's partitions after the handover. While the log cannot be
 * read, newly assigned partitions stay paused.
 *
 * @author bluegreen
 */
public class Admission {

	private final ControlLog log;

	private final FleetDirective directive;

	private final LocalInstance instance;

	private final FleetExecutor executor;

	// Confined to the executor
	private final List<Waiting> waiting = new ArrayList<>();

	/**
	 * Create the admission of this instance's newly assigned partitions.
	 * @param log the control log
	 * @param directive the desired state this instance applied
	 * @param instance this instance, whose consumers it admits from now on
	 * @param executor the executor of the fleet's work
	 */
	public Admission(ControlLog log, FleetDirective directive, LocalInstance instance, FleetExecutor executor) {
		this.log = log;
		this.directive = directive;
		this.instance = instance;
		this.executor = executor;
		directive.onChange(this::checkSoon);
		instance.onChange(this::checkSoon);
		instance.admitNewPartitionsWith(this::admit);
	}

	/**
	 * Admit partitions assigned before this call.
	 * @return completes once they may be consumed
	 */
	public CompletableFuture<Void> admit() {
		CompletableFuture<Void> admitted = new CompletableFuture<>();
		this.log.caughtUp().thenAccept((view) -> this.executor.execute(() -> {
			this.waiting.add(new Waiting(view, admitted));
			check();
		}));
		return admitted;
	}

	private void checkSoon() {
		this.executor.execute(this::check);
	}

	private void check() {
		Iterator<Waiting> waiting = this.waiting.iterator();
		while (waiting.hasNext()) {
			Waiting next = waiting.next();
			if (actsOn(next.view())) {
				waiting.remove();
				next.admitted().complete(null);
			}
		}
	}

	private boolean actsOn(FleetView view) {
		DesiredState desired = view.desired();
		boolean applied = desired == null || this.directive.appliedVersion() >= desired.version();
		boolean obeyed = this.directive.target() == LifecycleState.ACTIVE
				|| this.instance.state() != LifecycleState.ACTIVE;
		return applied && obeyed;
	}

	private record Waiting(FleetView view, CompletableFuture<Void> admitted) {

	}

}
