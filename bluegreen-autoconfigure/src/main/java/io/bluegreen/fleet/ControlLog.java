package io.bluegreen.fleet;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The control log of a deployment, as one instance reads and writes it: a totally
 * ordered, possibly compacted log that every instance reads from its beginning and folds
 * with a {@link ControlLogFold}.
 *
 * @author bluegreen
 */
public interface ControlLog {

	/**
	 * Return the view as of the last time this instance had read the log to its end.
	 * @return the view
	 */
	FleetView view();

	/**
	 * Wait until the log was read to its end once.
	 * @param timeout how long to wait at most
	 * @return whether it was
	 */
	boolean awaitReadable(Duration timeout);

	/**
	 * Register a listener called with every new view. It must return quickly.
	 * @param listener the listener
	 */
	void onChange(Consumer<FleetView> listener);

	/**
	 * Read the log up to its end as of a moment after this call.
	 * @return completes with a view that holds every record written before the call, once
	 * this instance read that far; never completes while the log cannot be read
	 */
	CompletableFuture<FleetView> caughtUp();

	/**
	 * Return the records of the log that this instance refused, by problem.
	 * @return the refusals
	 */
	ControlRecordRefusals refusals();

	/**
	 * Append a record.
	 * @param record the record
	 * @return the position of the record, once it is written: a view whose position is
	 * greater has folded it. Completes exceptionally if the record could not be written,
	 * or if it is not known whether it was.
	 */
	CompletableFuture<Long> append(ControlRecord record);

}
