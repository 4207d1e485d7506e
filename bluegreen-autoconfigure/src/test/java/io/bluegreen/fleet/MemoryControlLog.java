package io.bluegreen.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A control log in memory, folded as the instances fold the control topic, that writes
 * every record at once.
 */
final class MemoryControlLog implements ControlLog {

	private final ControlLogFold fold = new ControlLogFold("orders");

	private final List<Consumer<FleetView>> listeners = new CopyOnWriteArrayList<>();

	private long position;

	@Override
	public synchronized FleetView view() {
		return this.fold.view(this.position);
	}

	@Override
	public boolean awaitReadable(Duration timeout) {
		return true;
	}

	@Override
	public void onChange(Consumer<FleetView> listener) {
		this.listeners.add(listener);
	}

	@Override
	public CompletableFuture<FleetView> caughtUp() {
		return CompletableFuture.completedFuture(view());
	}

	@Override
	public ControlRecordRefusals refusals() {
		return this.fold.refusals();
	}

	@Override
	public CompletableFuture<Long> append(ControlRecord record) {
		FleetView view;
		long written;
		synchronized (this) {
			written = this.position;
			this.fold.apply(record);
			this.position++;
			view = this.fold.view(this.position);
		}
		new ArrayList<>(this.listeners).forEach((listener) -> listener.accept(view));
		return CompletableFuture.completedFuture(written);
	}

}
