package io.bluegreen.fleet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionGuard;

/**
 * What the fleet wants of this instance, and which desired state it applied. The
 * lifecycle starts in the wanted state, and a request that contradicts it is refused:
 * only a switch of the deployment makes a color active or paused.
 *
 * @author bluegreen
 */
public class FleetDirective implements TransitionGuard {

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile Applied applied = new Applied(LifecycleState.PAUSED, "the fleet state is not known yet", 0, 0);

	/**
	 * Record a desired state this instance applies.
	 * @param target {@code ACTIVE} or {@code PAUSED}
	 * @param explanation why, as shown to a caller whose request is refused
	 * @param version the version of the desired state, 0 if none
	 * @param epoch the epoch the instance applies, 0 if none
	 */
	public void set(LifecycleState target, String explanation, long version, long epoch) {
		this.applied = new Applied(target, explanation, version, epoch);
		this.listeners.forEach(Runnable::run);
	}

	/**
	 * Register a listener called after every {@link #set}.
	 * @param listener the listener
	 */
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	/**
	 * Return the state the fleet wants this instance in.
	 * @return {@code ACTIVE} or {@code PAUSED}
	 */
	public LifecycleState target() {
		return this.applied.target();
	}

	/**
	 * Return the version of the desired state this instance applied.
	 * @return the version, 0 if none
	 */
	public long appliedVersion() {
		return this.applied.version();
	}

	/**
	 * Return the epoch this instance applied.
	 * @return the epoch, 0 if none
	 */
	public long appliedEpoch() {
		return this.applied.epoch();
	}

	@Override
	public LifecycleState initialState(LifecycleState configured) {
		return target();
	}

	@Override
	public @Nullable String refusal(LifecycleState target) {
		Applied applied = this.applied;
		if (target == LifecycleState.ACTIVE && applied.target() != LifecycleState.ACTIVE) {
			return "This instance may not resume on its own: " + applied.explanation();
		}
		if (target == LifecycleState.PAUSED && applied.target() == LifecycleState.ACTIVE) {
			return "This instance may not pause on its own: " + applied.explanation()
					+ "; switch the deployment to another color to pause it";
		}
		return null;
	}

	private record Applied(LifecycleState target, String explanation, long version, long epoch) {

	}

}
